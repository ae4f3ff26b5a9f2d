package org.careplanfhir.bench.population;

/** The three case-management specialties the generator writes, with what tells them apart. */
enum Specialty {

	NURSE("nurse-cm", "http://careplan-fhir.org/fhir/StructureDefinition/nurse-cm-careplan", "773130005",
			"Nursing care plan (record artifact)", "445451001", "Nurse case manager (occupation)"),

	MEDICAL("medical-cm", "http://careplan-fhir.org/fhir/StructureDefinition/medical-cm-careplan", "737427001",
			"Clinical management plan (record artifact)", "768832004", "Case manager (occupation)"),

	REHAB("rehab-cm", "http://careplan-fhir.org/fhir/StructureDefinition/rehab-cm-careplan", "736055001",
			"Rehabilitation care plan (record artifact)", "768822006", "Rehabilitation coordinator (occupation)");

	final String code;

	final String carePlanProfile;

	final String planTypeCode;

	final String planTypeDisplay;

	final String caseManagerRole;

	final String caseManagerRoleDisplay;

	Specialty(String code, String carePlanProfile, String planTypeCode, String planTypeDisplay, String caseManagerRole,
			String caseManagerRoleDisplay) {
		this.code = code;
		this.carePlanProfile = carePlanProfile;
		this.planTypeCode = planTypeCode;
		this.planTypeDisplay = planTypeDisplay;
		this.caseManagerRole = caseManagerRole;
		this.caseManagerRoleDisplay = caseManagerRoleDisplay;
	}

}
