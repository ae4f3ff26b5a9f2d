Profile: CMCareTeam
Parent: CareTeam
Id: cm-careteam
Title: "Case-management care team"
Description: "The team around a case: exactly one active case manager (a participant whose role is in the case-manager role value set, with a member and a start, and no end), the patient, caregivers (RelatedPerson) and clinicians. FHIR R4 slicing cannot pick a participant by value-set membership of its role, so the case manager is required by invariants rather than a slice (they list the codes of the case-manager role value set, because `memberOf()` needs a terminology service that third-party validators may not have); the patient and caregiver participants are slices. Aligned with US Core 7.0.0 CareTeam (status, subject, participant.role, participant.member)."
* obeys cm-careteam-1 and cm-careteam-2
* extension contains $workflow-episodeOfCare named episode 0..1 MS
* extension[episode].valueReference only Reference(CMCase)
* status 1..1 MS
* category 1..* MS
* category from CareTeamCategoryVS (required)
* subject 1..1 MS
* subject only Reference(Patient)
* period MS
* participant 1..* MS
* participant.role 1..1 MS
* participant.role from CareTeamMemberRoleVS (extensible)
* participant.member 1..1 MS
* participant.period MS
* participant ^slicing.discriminator.type = #pattern
* participant ^slicing.discriminator.path = "role"
* participant ^slicing.rules = #open
* participant ^slicing.description = "The patient and caregivers; the case manager is required by invariant."
* participant contains patient 0..1 MS and caregiver 0..* MS
* participant[patient].role = $sct#116154003
* participant[patient].member only Reference(Patient)
* participant[caregiver].role = $sct#133932002
* participant[caregiver].member only Reference(RelatedPerson)
* managingOrganization MS

Invariant: cm-careteam-1
Description: "The team has exactly one active case manager: one participant with a case-manager role and no period.end."
Expression: "participant.where(role.coding.where((system = 'http://snomed.info/sct' and code in ('768832004' | '445451001' | '3981000175106' | '768820003' | '768821004' | '768822006')) or (system = 'http://nucc.org/provider-taxonomy' and code in ('171M00000X' | '163WC0400X'))).exists() and period.end.empty()).count() = 1"
Severity: #error

Invariant: cm-careteam-2
Description: "Every case-manager participant names its member and when it started."
Expression: "participant.where(role.coding.where((system = 'http://snomed.info/sct' and code in ('768832004' | '445451001' | '3981000175106' | '768820003' | '768821004' | '768822006')) or (system = 'http://nucc.org/provider-taxonomy' and code in ('171M00000X' | '163WC0400X'))).exists()).all(member.exists() and period.start.exists())"
Severity: #error
