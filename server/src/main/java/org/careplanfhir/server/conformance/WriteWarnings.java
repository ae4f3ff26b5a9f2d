package org.careplanfhir.server.conformance;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.StringType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.careplanfhir.server.conformance.ProfileValidator.ProfileError;
import org.careplanfhir.server.web.RequestPipeline;

/**
 * What a stored write could not be checked against goes where FHIR puts a write's warnings: the
 * OperationOutcome the client asks for with {@code Prefer: return=OperationOutcome}, and, in a
 * transaction or batch, the outcome of the entry that wrote the resource (which FHIR gives for
 * exactly that, whatever the client preferred). Two kinds: a claimed profile the server does not
 * know ({@code careplan.validation.unknown-profile=warn}), and a code bound to a value set the server
 * cannot expand (US Core's VSAC value sets). Each is logged too, for the operator, who may want to
 * install what is missing.
 */
@Interceptor
class WriteWarnings {

	private static final Logger log = LoggerFactory.getLogger(WriteWarnings.class);

	private static final String KEY = WriteWarnings.class.getName();

	/** A warning about one resource written by the request. */
	private record Warning(IBaseResource resource, ProfileError finding) {
	}

	/** Keeps a warning about the resource for the request's answer. */
	@SuppressWarnings("unchecked")
	static void add(RequestDetails request, IBaseResource resource, String expression, String message) {
		log.debug("Stored with a warning: {}: {}", expression, message);
		if (request != null) {
			((List<Warning>) request.getUserData().computeIfAbsent(KEY, key -> new ArrayList<Warning>()))
				.add(new Warning(resource, new ProfileError(expression, message)));
		}
	}

	@Hook(value = Pointcut.SERVER_OUTGOING_RESPONSE, order = RequestPipeline.RESPONSE_SHAPING)
	@SuppressWarnings("unchecked")
	public void addToTheAnswer(RequestDetails request, IBaseResource response) {
		List<Warning> warnings = (List<Warning>) request.getUserData().get(KEY);
		if (warnings == null) {
			return;
		}
		if (response instanceof OperationOutcome outcome) {
			warnings.forEach(warning -> addIssue(outcome, warning.finding()));
		}
		else if (response instanceof Bundle bundle && (bundle.getType() == BundleType.TRANSACTIONRESPONSE
				|| bundle.getType() == BundleType.BATCHRESPONSE)) {
			addToTheEntries(bundle, warnings);
		}
	}

	// The resource the hook saw is the one HAPI stored: by the time of the answer it carries the id
	// the entry's response.location names.
	private static void addToTheEntries(Bundle bundle, List<Warning> warnings) {
		Map<String, List<ProfileError>> byResource = new HashMap<>();
		for (Warning warning : warnings) {
			String id = warning.resource().getIdElement().toUnqualifiedVersionless().getValue();
			if (id != null) {
				byResource.computeIfAbsent(id, key -> new ArrayList<>()).add(warning.finding());
			}
		}
		for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
			if (!entry.getResponse().hasLocation()) {
				continue;
			}
			String id = new IdType(entry.getResponse().getLocation()).toUnqualifiedVersionless().getValue();
			List<ProfileError> findings = byResource.get(id);
			if (findings == null) {
				continue;
			}
			OperationOutcome outcome = entry.getResponse().getOutcome() instanceof OperationOutcome given ? given
					: new OperationOutcome();
			findings.forEach(finding -> addIssue(outcome, finding));
			entry.getResponse().setOutcome(outcome);
		}
	}

	private static void addIssue(OperationOutcome outcome, ProfileError finding) {
		outcome.addIssue()
			.setSeverity(IssueSeverity.WARNING)
			.setCode(IssueType.INCOMPLETE)
			.setDiagnostics(finding.message())
			.setExpression(List.of(new StringType(finding.location())));
	}

}
