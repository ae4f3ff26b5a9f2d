Extension: CaseAcuityExtension
Id: cm-acuity
Title: "Case acuity"
Description: "How much case-management attention the case needs (low, moderate, high, complex); weights caseloads."
Context: EpisodeOfCare
* value[x] only CodeableConcept
* value[x] 1..1
* value[x] from CaseAcuityVS (required)

Extension: CasePhaseExtension
Id: cm-case-phase
Title: "Case phase"
Description: "Where the case stands in the case-management process (intake … closed); finer than EpisodeOfCare.status."
Context: EpisodeOfCare
* value[x] only CodeableConcept
* value[x] 1..1
* value[x] from CasePhaseVS (required)

Extension: ProvenancePatientExtension
Id: cm-provenance-patient
Title: "Patient whose record a change touched"
Description: "On a Provenance the server records: the patient in whose record each target lies (a care plan's subject, a referral task's patient), so that a patient's changes can be found with `Provenance?patient=`. R4's own `patient` parameter only finds Provenances whose target is the Patient resource itself."
Context: Provenance
* value[x] only Reference(Patient)
