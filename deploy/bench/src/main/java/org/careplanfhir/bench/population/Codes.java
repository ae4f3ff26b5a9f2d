package org.careplanfhir.bench.population;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;

/** Code systems and the codes the generated population uses (all from the package's value sets). */
final class Codes {

	static final String SCT = "http://snomed.info/sct";

	static final String LOINC = "http://loinc.org";

	static final String CM = "http://careplan-fhir.org/fhir/";

	static final String SPECIALTY = CM + "CodeSystem/cm-specialty";

	static final String ACUITY = CM + "CodeSystem/cm-acuity";

	static final String HORIZON = CM + "CodeSystem/cm-goal-horizon";

	static final String GOAL_ACHIEVEMENT = "http://terminology.hl7.org/CodeSystem/goal-achievement";

	static final String EPISODE_EXTENSION = "http://hl7.org/fhir/StructureDefinition/workflow-episodeOfCare";

	static final String PERTAINS_TO_GOAL = "http://hl7.org/fhir/StructureDefinition/resource-pertainsToGoal";

	static final String GOAL_RELATIONSHIP = "http://hl7.org/fhir/StructureDefinition/goal-relationship";

	static final String ACUITY_EXTENSION = CM + "StructureDefinition/cm-acuity";

	private Codes() {
	}

	static CodeableConcept concept(String system, String code, String display) {
		return new CodeableConcept().addCoding(new Coding(system, code, display));
	}

	static CodeableConcept concept(String system, String code) {
		return new CodeableConcept().addCoding(new Coding().setSystem(system).setCode(code));
	}

}
