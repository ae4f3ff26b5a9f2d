package org.careplanfhir.server.fhir;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

import ca.uhn.fhir.context.FhirContext;
import org.careplanfhir.profiles.CaseManagementPackage;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ResourceElementsTests {

	private static final FhirContext FHIR = FhirContext.forR4Cached();

	@Test
	void visitsEveryElementTheTerserVisitsAndNoOther() {
		List<IBaseResource> resources = new ArrayList<>(CaseManagementPackage.get().examples());
		resources.add(patientWithEverythingUnusual());
		resources.add(bundleHolding(patientWithEverythingUnusual()));

		for (IBaseResource resource : resources) {
			Set<IBase> byTerser = identitySet();
			FHIR.newTerser().visit(resource, (root, element, path, child, definition) -> byTerser.add(element));
			Set<IBase> byWalk = identitySet();
			ResourceElements.forEach(FHIR, resource, element -> {
				// The terser leaves out what is empty; the walk hands it over, and checks find nothing in it.
				if (element == resource || !element.isEmpty()) {
					byWalk.add(element);
				}
			});
			assertThat(byWalk).as(resource.fhirType() + "/" + resource.getIdElement().getIdPart())
				.hasSize(byTerser.size())
				.containsAll(byTerser);
		}
	}

	@Test
	void handsOverAResourceHeldInAnElementWithoutEnteringIt() {
		Patient patient = patientWithEverythingUnusual();
		Bundle bundle = bundleHolding(patient);
		Set<IBase> seen = identitySet();

		ResourceElements.forEach(FHIR, bundle, seen::add);

		assertThat(seen).contains(patient).doesNotContain(patient.getNameFirstRep());
	}

	/** Contained and embedded resources, extensions and modifier extensions, a primitive's extension. */
	private static Patient patientWithEverythingUnusual() {
		Patient patient = new Patient();
		patient.setId("unusual");
		patient.addName(new HumanName().setFamily("Lee").addGiven("Ann"));
		patient.getBirthDateElement().setValueAsString("1970-01-01");
		patient.getBirthDateElement().addExtension(new Extension("http://example.org/precision", new StringType("year")));
		Extension nested = new Extension("http://example.org/nested");
		nested.addExtension(new Extension("part", new StringType("a")));
		patient.addExtension(nested);
		patient.addModifierExtension(new Extension("http://example.org/modifier", new StringType("m")));
		patient.getContactFirstRep().addModifierExtension(new Extension("http://example.org/contact-modifier", new StringType("c")));
		Patient contained = new Patient();
		contained.setId("#kin");
		contained.addName().setFamily("Kin");
		patient.addContained(contained);
		CarePlan embedded = new CarePlan();
		embedded.setTitle("held in memory only");
		patient.addGeneralPractitioner(new Reference(embedded));
		patient.addLink().setOther(new Reference("#kin"));
		return patient;
	}

	private static Bundle bundleHolding(Resource resource) {
		Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
		bundle.addEntry().setResource(resource);
		return bundle;
	}

	private static Set<IBase> identitySet() {
		return Collections.newSetFromMap(new IdentityHashMap<>());
	}

}
