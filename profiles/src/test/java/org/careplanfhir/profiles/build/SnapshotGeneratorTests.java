package org.careplanfhir.profiles.build;

import java.util.List;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.ElementDefinition;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.UriType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SnapshotGeneratorTests {

	private final FhirContext fhir = FhirContext.forR4Cached();

	@Test
	void generatesParentSnapshotsBeforeTheirChildren() {
		StructureDefinition parent = profile("parent-goal", "http://hl7.org/fhir/StructureDefinition/Goal", "Goal.target", 1);
		StructureDefinition child = profile("child-goal", parent.getUrl(), "Goal.note", 1);

		List<StructureDefinition> result = new SnapshotGenerator(fhir, List.of(child, parent)).generate(List.of(child, parent));

		assertThat(result).extracting(StructureDefinition::getUrl).containsExactly(parent.getUrl(), child.getUrl());
		ElementDefinition target = element(result.get(1), "Goal.target");
		assertThat(target.getMin()).as("inherited from the parent profile").isEqualTo(1);
		assertThat(element(result.get(1), "Goal.note").getMin()).isEqualTo(1);
	}

	@Test
	void failsNamingTheProfileWhenTheDifferentialCannotApply() {
		StructureDefinition broken = profile("broken-goal", "http://hl7.org/fhir/StructureDefinition/Goal", "Goal.noSuchElement", 1);

		assertThatThrownBy(() -> new SnapshotGenerator(fhir, List.of(broken)).generate(List.of(broken)))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("http://example.org/StructureDefinition/broken-goal");
	}

	@Test
	void leavesNoToolingExtensionInTheSnapshot() {
		StructureDefinition goal = profile("plain-goal", "http://hl7.org/fhir/StructureDefinition/Goal", "Goal.target", 1);

		StructureDefinition result = new SnapshotGenerator(fhir, List.of(goal)).generate(List.of(goal)).get(0);

		assertThat(result.getSnapshot().getElement()).isNotEmpty();
		assertThat(fhir.newJsonParser().encodeResourceToString(result)).doesNotContain(SnapshotCleanup.TOOLING_EXTENSIONS);
	}

	@Test
	void dropsMadeUpUrlExamplesInheritedFromTheBaseAndKeepsThoseTheProfileDeclares() {
		StructureDefinition patient = profile("identified-patient", "http://hl7.org/fhir/StructureDefinition/Patient",
				"Patient.identifier.system", 1);
		patient.setType("Patient");
		patient.getDifferential()
			.getElementFirstRep()
			.addExample()
			.setLabel("Hospital")
			.setValue(new UriType("http://hospital.example.org/mrn"));

		StructureDefinition result = new SnapshotGenerator(fhir, List.of(patient)).generate(List.of(patient)).get(0);

		assertThat(element(result, "Patient.identifier.system").getExample())
			.as("R4's Identifier.system example http://www.acme.com/identifiers/patient is dropped")
			.extracting(example -> example.getValue().primitiveValue())
			.containsExactly("http://hospital.example.org/mrn");
		assertThat(element(result, "Patient.identifier.value").getExample())
			.extracting(example -> example.getValue().primitiveValue())
			.as("examples that are not URLs stay")
			.containsExactly("123456");
	}

	private static StructureDefinition profile(String id, String base, String path, int min) {
		StructureDefinition sd = new StructureDefinition();
		sd.setId(id);
		sd.setUrl("http://example.org/StructureDefinition/" + id);
		sd.setName(id.replace("-", ""));
		sd.setStatus(org.hl7.fhir.r4.model.Enumerations.PublicationStatus.DRAFT);
		sd.setKind(StructureDefinition.StructureDefinitionKind.RESOURCE);
		sd.setAbstract(false);
		sd.setType("Goal");
		sd.setBaseDefinition(base);
		sd.setDerivation(StructureDefinition.TypeDerivationRule.CONSTRAINT);
		ElementDefinition element = sd.getDifferential().addElement().setPath(path).setMin(min);
		element.setId(path);
		return sd;
	}

	private static ElementDefinition element(StructureDefinition sd, String path) {
		return sd.getSnapshot().getElement().stream().filter(e -> e.getPath().equals(path)).findFirst().orElseThrow();
	}
}
