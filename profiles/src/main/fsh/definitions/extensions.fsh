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
