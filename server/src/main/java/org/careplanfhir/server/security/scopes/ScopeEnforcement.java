package org.careplanfhir.server.security.scopes;

import ca.uhn.fhir.batch2.api.IJobCoordinator;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.searchparam.matcher.SearchParamMatcher;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import jakarta.servlet.http.HttpServletResponse;
import org.careplanfhir.server.fhir.FhirServerCustomizer;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

/**
 * Puts SMART scope enforcement in front of every FHIR interaction: the {@link ScopeGate}, then
 * {@link CompartmentNarrowing}, then HAPI's authorization rules ({@link CompartmentRules}), and the
 * rules of bulk export ({@link BulkExportScopes}). A
 * refusal is 403 with an OperationOutcome and {@code WWW-Authenticate: Bearer error="insufficient_scope"}.
 */
@Component
@Interceptor
@ConditionalOnProperty(name = "careplan.security.enabled", havingValue = "true", matchIfMissing = true)
class ScopeEnforcement implements FhirServerCustomizer {

	private final FhirAccessResolver accessResolver;

	private final PatientCompartment compartment;

	private final ISearchParamRegistry searchParams;

	private final SearchParamMatcher matcher;

	private final IJobCoordinator jobs;

	ScopeEnforcement(FhirAccessResolver accessResolver, PatientCompartment compartment,
			ISearchParamRegistry searchParams, SearchParamMatcher matcher, IJobCoordinator jobs) {
		this.accessResolver = accessResolver;
		this.compartment = compartment;
		this.searchParams = searchParams;
		this.matcher = matcher;
		this.jobs = jobs;
	}

	@Override
	public void customize(RestfulServer server) {
		server.registerInterceptor(new ScopeGate(accessResolver, compartment, searchParams));
		server.registerInterceptor(new CompartmentNarrowing(accessResolver, compartment));
		server.registerInterceptor(new CompartmentRules(accessResolver, compartment, matcher));
		server.registerInterceptor(new BulkExportScopes(accessResolver, jobs));
		server.registerInterceptor(this);
	}

	@Hook(Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION)
	public BaseServerResponseException explainRefusal(Throwable failure, HttpServletResponse response) {
		if (!(failure instanceof ForbiddenOperationException refusal)) {
			return null;
		}
		if (response != null) {
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE,
					"Bearer error=\"insufficient_scope\", error_description=\"The token's scopes do not allow this request\"");
		}
		String message = refusal.getMessage();
		if (message != null && message.contains("HAPI-0334")) {
			message = "The token's scopes do not reach this data: another patient's record, or a type the token does not grant ("
					+ message + ")";
		}
		OperationOutcome outcome = new OperationOutcome();
		outcome.addIssue().setSeverity(IssueSeverity.ERROR).setCode(IssueType.FORBIDDEN).setDiagnostics(message);
		refusal.setOperationOutcome(outcome);
		return refusal;
	}

}
