package org.careplanfhir.server.conformance;

import org.careplanfhir.server.conformance.rules.WorkflowRule;
import java.util.ArrayList;
import java.util.List;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.common.hapi.validation.validator.WorkerContextValidationSupportAdapter;
import org.hl7.fhir.instance.model.api.IBaseExtension;
import org.hl7.fhir.instance.model.api.IBaseHasModifierExtensions;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r5.model.StructureDefinition;

import org.springframework.stereotype.Component;
import org.careplanfhir.server.fhir.ResourceElements;

/**
 * A modifier extension changes the meaning of the element that holds it, so FHIR says a system
 * that does not know it must refuse the resource rather than store it as if it were not there
 * (the validator, with extensions allowed, lets it through). Known means: a StructureDefinition
 * for its URL is installed or stored on this server.
 */
@Component
class UnknownModifierExtensions implements WorkflowRule {

	static final String RULE = "unknown-modifier-extension";

	private final FhirContext fhirContext;

	private final WorkerContextValidationSupportAdapter workerContext;

	UnknownModifierExtensions(FhirContext fhirContext, WorkerContextValidationSupportAdapter workerContext) {
		this.fhirContext = fhirContext;
		this.workerContext = workerContext;
	}

	@Override
	public List<RuleViolation> check(RequestDetails request, IBaseResource previous, IBaseResource resource) {
		List<RuleViolation> violations = new ArrayList<>();
		// One walk over the resource, contained resources included: every element that can hold one.
		ResourceElements.forEach(fhirContext, resource, element -> {
			if (element instanceof IBaseHasModifierExtensions holder) {
				for (IBaseExtension<?, ?> extension : holder.getModifierExtension()) {
					String url = extension.getUrl();
					if (url == null || workerContext.fetchResource(StructureDefinition.class, url) == null) {
						violations.add(new RuleViolation(RULE, fhirContext.getResourceType(resource) + ".modifierExtension",
								"The modifier extension '" + url + "' is not known to this server, and a modifier extension"
										+ " that is not understood may not be ignored"));
					}
				}
			}
		});
		return violations;
	}

}
