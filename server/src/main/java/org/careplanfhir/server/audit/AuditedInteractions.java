package org.careplanfhir.server.audit;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.ResponseDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;

import org.careplanfhir.server.fhir.PatientCompartmentDefinition;
import org.careplanfhir.server.web.RequestPipeline;

import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Notes on each request's {@link RequestAudit} what HAPI makes of it: who calls, which interaction
 * on what, which patients' records the answer shows (after every check that may still withhold
 * them), and why a request was refused.
 */
@Interceptor
class AuditedInteractions {

	private static final int LONGEST_REASON = 2000;

	private final PatientCompartmentDefinition compartment;

	AuditedInteractions(PatientCompartmentDefinition compartment) {
		this.compartment = compartment;
	}

	@Hook(value = Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED, order = RequestPipeline.AUDIT_REQUEST)
	public void identify(RequestDetails request, RestOperationTypeEnum operation) {
		RequestAudit audit = auditOf(request);
		if (audit == null) {
			return;
		}
		if (audit.caller() == Caller.UNKNOWN) {
			audit.caller(Caller.of(SecurityContextHolder.getContext().getAuthentication()));
		}
		Answer answer = audit.answer();
		// A transaction's entries are requests too; the transaction is what the client asked.
		if (answer.action() != null) {
			return;
		}
		AuditedAction action = AuditedAction.of(operation);
		String name = action == AuditedAction.OPERATION ? request.getOperation() : request.getResourceName();
		answer.identify(action, name, targetOf(request));
	}

	@Hook(value = Pointcut.SERVER_OUTGOING_RESPONSE, order = RequestPipeline.AUDIT_ANSWER)
	public void answered(RequestDetails request, ResponseDetails response) {
		RequestAudit audit = auditOf(request);
		IBaseResource shown = response.getResponseResource();
		if (audit == null || shown == null) {
			return;
		}
		Answer answer = audit.answer();
		if (shown instanceof Bundle bundle) {
			for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
				if (entry.hasResource()) {
					note(answer, entry.getResource());
				}
			}
		}
		else {
			note(answer, shown);
		}
	}

	@Hook(value = Pointcut.SERVER_HANDLE_EXCEPTION, order = RequestPipeline.AUDIT_REQUEST)
	public boolean refused(RequestDetails request, BaseServerResponseException problem, HttpServletRequest servletRequest,
			HttpServletResponse servletResponse) {
		RequestAudit audit = RequestAudit.of(servletRequest);
		if (audit != null && problem.getMessage() != null) {
			String reason = problem.getMessage();
			audit.refusedBecause(reason.length() > LONGEST_REASON ? reason.substring(0, LONGEST_REASON) + "…" : reason);
		}
		return true;
	}

	private void note(Answer answer, IBaseResource resource) {
		if (resource instanceof OperationOutcome || resource.getIdElement() == null
				|| !resource.getIdElement().hasIdPart()) {
			return;
		}
		IIdType id = resource.getIdElement();
		String record = resource.fhirType() + "/" + id.getIdPart();
		var owners = compartment.ownersOf(resource);
		if (owners.isEmpty()) {
			answer.shown(null, record);
		}
		for (String owner : owners) {
			answer.shown(owner, record);
		}
	}

	private static String targetOf(RequestDetails request) {
		IIdType id = request.getId();
		if (id == null || !id.hasIdPart() || request.getResourceName() == null) {
			return null;
		}
		String target = request.getResourceName() + "/" + id.getIdPart();
		return id.hasVersionIdPart() ? target + "/_history/" + id.getVersionIdPart() : target;
	}

	static RequestAudit auditOf(RequestDetails request) {
		return request instanceof ServletRequestDetails servlet ? RequestAudit.of(servlet.getServletRequest()) : null;
	}

}
