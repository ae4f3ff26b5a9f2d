package org.careplanfhir.server.conformance.compiled;

import java.util.List;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.IValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.BaseValidationSupportWrapper;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * What the compiled checks' FHIRPath engines look things up in: the server's validation support for
 * every lookup, except the list of all StructureDefinitions, which is the base specification's.
 * An R4 FHIRPath engine asks for that list once, when it is built, only to learn the names of the
 * FHIR types, and every type is defined by the base specification. Asked of the server's support,
 * the list would also parse every StructureDefinition stored in the database (the installed
 * packages' profiles, narratives included) and keep them for the server's lifetime: about 47 MB of
 * heap, which the base specification's list, already held by HAPI once per JVM, does not cost.
 */
final class FhirPathSupport extends BaseValidationSupportWrapper {

	private final IValidationSupport baseSpecification;

	FhirPathSupport(FhirContext fhirContext, IValidationSupport server) {
		super(fhirContext, server);
		this.baseSpecification = new DefaultProfileValidationSupport(fhirContext);
	}

	@Override
	public <T extends IBaseResource> List<T> fetchAllStructureDefinitions() {
		return baseSpecification.fetchAllStructureDefinitions();
	}

}
