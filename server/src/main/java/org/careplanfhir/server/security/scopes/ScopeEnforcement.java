package org.careplanfhir.server.security.scopes;

import java.util.List;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.extractor.ISearchParamExtractor;
import ca.uhn.fhir.jpa.searchparam.matcher.SearchParamMatcher;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import jakarta.servlet.http.HttpServletResponse;
import org.careplanfhir.server.fhir.FhirServerCustomizer;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

import org.careplanfhir.server.security.policy.AccessPolicy;
import org.careplanfhir.server.security.policy.CallerRights;
import org.careplanfhir.server.security.policy.FhirAccess;
import org.careplanfhir.server.security.policy.FhirAccessResolver;
import org.careplanfhir.server.security.policy.SmartScope.Permission;

import org.springframework.http.HttpHeaders;
import org.careplanfhir.server.web.OperationOutcomeResponses;
import org.careplanfhir.server.web.RequestPipeline;

/**
 * Puts SMART scope enforcement in front of every FHIR interaction: the {@link ScopeGate}, then
 * {@link CompartmentNarrowing}, then HAPI's authorization rules ({@link CompartmentRules}), each
 * asking the {@link AccessPolicy access policies} the capabilities contribute, the guards those
 * policies bring for their own data paths, and {@link UnseenReferences} for what writes point at. A refusal is 403 with an OperationOutcome and
 * {@code WWW-Authenticate: Bearer error="insufficient_scope"}.
 */
@Interceptor
public class ScopeEnforcement implements FhirServerCustomizer, CallerRights {

	private final FhirAccessResolver accessResolver;

	private final PatientCompartment compartment;

	private final ISearchParamRegistry searchParams;

	private final ContributedPolicies policies;

	private final CompartmentRules compartmentRules;

	private final UnseenReferences unseenReferences;

	ScopeEnforcement(FhirAccessResolver accessResolver, PatientCompartment compartment,
			ISearchParamRegistry searchParams, SearchParamMatcher matcher, List<AccessPolicy> policies, DaoRegistry daos,
			ISearchParamExtractor references) {
		this.accessResolver = accessResolver;
		this.compartment = compartment;
		this.searchParams = searchParams;
		this.policies = new ContributedPolicies(policies);
		this.compartmentRules = new CompartmentRules(accessResolver, compartment, matcher, this.policies);
		this.unseenReferences = new UnseenReferences(daos, references, compartment, this, accessResolver);
	}

	@Override
	public void customize(RestfulServer server) {
		server.registerInterceptor(new ScopeGate(accessResolver, compartment, searchParams, policies));
		server.registerInterceptor(new CompartmentNarrowing(accessResolver, compartment));
		server.registerInterceptor(compartmentRules);
		server.registerInterceptor(unseenReferences);
		policies.guards().forEach(server::registerInterceptor);
		server.registerInterceptor(this);
	}

	@Override
	public boolean maySee(RequestDetails request, IBaseResource resource) {
		return accessResolver.of(request).grants(resource.fhirType(), Permission.READ)
				&& compartmentRules.maySee(request, resource);
	}

	@Override
	public boolean mayReach(RequestDetails request, IBaseResource resource) {
		FhirAccess access = accessResolver.of(request);
		String type = resource.fhirType();
		return !compartment.contains(type) || access.touchesEveryRecordOf(type)
				|| access.confinedPatients().stream().anyMatch(patient -> compartment.holds(resource, patient));
	}

	@Hook(value = Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION, order = RequestPipeline.ERROR_MAPPING)
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
		refusal.setOperationOutcome(OperationOutcomeResponses.error(IssueType.FORBIDDEN, message));
		return refusal;
	}

}
