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

Extension: AggregateMethodExtension
Id: cm-aggregate-method
Title: "Aggregate method"
Description: "How a continuous-variable group's observations are aggregated into its score (sum, median, 90th percentile). R4's Measure has no element for it: a Measure group states the method the server computes the group with, and a report's group may repeat it."
Context: Measure.group, MeasureReport.group
* value[x] only code
* value[x] 1..1
* value[x] from MeasureAggregateVS (required)

Extension: ReportPayerExtension
Id: cm-report-payer
Title: "Report payer"
Description: "The payer whose members a report counts: set by the server on every report it evaluates for a payer-bound client, so that payers see only their own reports (searched with `MeasureReport?payer=`)."
Context: MeasureReport
* value[x] only Reference(Organization)
* value[x] 1..1
