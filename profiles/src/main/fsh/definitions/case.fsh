Profile: CMCase
Parent: EpisodeOfCare
Id: cm-case
Title: "Case-management case"
Description: "The case a case manager opens for a person: its specialty, the accountable case manager, the team and the conditions it addresses. Care plans, care teams and service requests point back to it with the core workflow-episodeOfCare extension. The specialty sits in `type` (a coding from the case-management specialty code system); R4 episode-of-care type codes such as `pac` may stand beside it."
* extension contains CaseAcuityExtension named acuity 0..1 MS and CasePhaseExtension named phase 0..1 MS
* status MS
* patient MS
* period 1..1 MS
* period.start 1..1 MS
* type 1..* MS
* type from CaseTypeVS (extensible)
* type ^slicing.discriminator.type = #pattern
* type ^slicing.discriminator.path = "$this"
* type ^slicing.rules = #open
* type ^slicing.description = "The case-management specialty, beside any other episode type."
* type contains specialty 1..1 MS
* type[specialty] ^patternCodeableConcept.coding[0].system = "http://careplan-fhir.org/fhir/CodeSystem/cm-specialty"
* type[specialty] from CaseManagementSpecialtyVS (required)
* careManager 1..1 MS
* careManager only Reference(Practitioner or PractitionerRole)
* team MS
* diagnosis MS
* managingOrganization MS
