Instance: NuccToSnomedCaseManagerRole
InstanceOf: ConceptMap
Usage: #definition
Title: "NUCC case-management taxonomy to SNOMED CT case-manager role"
Description: "Maps the NUCC provider taxonomy codes payers use for case managers to the SNOMED CT occupations care teams use, and back."
* id = "nucc-to-snomed-case-manager-role"
* url = "http://careplan-fhir.org/fhir/ConceptMap/nucc-to-snomed-case-manager-role"
* name = "NuccToSnomedCaseManagerRole"
* status = #active
* sourceUri = "http://careplan-fhir.org/fhir/ValueSet/cm-case-manager-role"
* targetUri = "http://careplan-fhir.org/fhir/ValueSet/cm-case-manager-role"
* group[0].source = $nucc
* group[0].target = $sct
* group[0].element[0].code = #171M00000X
* group[0].element[0].display = "Case Manager/Care Coordinator"
* group[0].element[0].target[0].code = #768832004
* group[0].element[0].target[0].display = "Case manager (occupation)"
* group[0].element[0].target[0].equivalence = #equivalent
* group[0].element[0].target[1].code = #768820003
* group[0].element[0].target[1].display = "Care coordinator (occupation)"
* group[0].element[0].target[1].equivalence = #wider
* group[0].element[1].code = #163WC0400X
* group[0].element[1].display = "Case Management Registered Nurse"
* group[0].element[1].target[0].code = #445451001
* group[0].element[1].target[0].display = "Nurse case manager (occupation)"
* group[0].element[1].target[0].equivalence = #equivalent
* group[1].source = $sct
* group[1].target = $nucc
* group[1].element[0].code = #768832004
* group[1].element[0].display = "Case manager (occupation)"
* group[1].element[0].target[0].code = #171M00000X
* group[1].element[0].target[0].display = "Case Manager/Care Coordinator"
* group[1].element[0].target[0].equivalence = #equivalent
* group[1].element[1].code = #445451001
* group[1].element[1].display = "Nurse case manager (occupation)"
* group[1].element[1].target[0].code = #163WC0400X
* group[1].element[1].target[0].display = "Case Management Registered Nurse"
* group[1].element[1].target[0].equivalence = #equivalent
* group[1].element[2].code = #3981000175106
* group[1].element[2].display = "Nurse complex case manager (occupation)"
* group[1].element[2].target[0].code = #163WC0400X
* group[1].element[2].target[0].display = "Case Management Registered Nurse"
// R4 equivalence reads from the source to the target: the NUCC code is the wider concept here.
* group[1].element[2].target[0].equivalence = #wider
* group[1].element[2].target[0].comment = "NUCC has no code for complex case management: Case Management Registered Nurse covers every registered nurse in case management, complex cases or not, so the target is wider than the source."
* group[1].element[3].code = #768820003
* group[1].element[3].display = "Care coordinator (occupation)"
* group[1].element[3].target[0].code = #171M00000X
* group[1].element[3].target[0].display = "Case Manager/Care Coordinator"
* group[1].element[3].target[0].equivalence = #equivalent

Instance: SpecialtyToCarePlanType
InstanceOf: ConceptMap
Usage: #definition
Title: "Case-management specialty to care-plan type"
Description: "Which SNOMED CT care-plan type a case of each specialty writes; the specialty profiles fix these pairs."
* id = "specialty-to-careplan-type"
* url = "http://careplan-fhir.org/fhir/ConceptMap/specialty-to-careplan-type"
* name = "SpecialtyToCarePlanType"
* status = #active
* sourceUri = "http://careplan-fhir.org/fhir/ValueSet/cm-specialty"
* targetUri = "http://careplan-fhir.org/fhir/ValueSet/cm-careplan-type"
* group[0].source = "http://careplan-fhir.org/fhir/CodeSystem/cm-specialty"
* group[0].target = $sct
* group[0].element[0].code = #nurse-cm
* group[0].element[0].target[0].code = #773130005
* group[0].element[0].target[0].display = "Nursing care plan (record artifact)"
* group[0].element[0].target[0].equivalence = #equivalent
* group[0].element[1].code = #medical-cm
* group[0].element[1].target[0].code = #737427001
* group[0].element[1].target[0].display = "Clinical management plan (record artifact)"
* group[0].element[1].target[0].equivalence = #equivalent
* group[0].element[2].code = #rehab-cm
* group[0].element[2].target[0].code = #736055001
* group[0].element[2].target[0].display = "Rehabilitation care plan (record artifact)"
* group[0].element[2].target[0].equivalence = #equivalent
