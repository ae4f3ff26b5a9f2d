// Scenario 2, medical case management: an adult living with HIV (the record is restricted and
// HIV-sensitive). Infectious-disease specialist, case manager and partner as caregiver; goal: an
// undetectable viral load in 6 months, improving and then achieved, with the lab result as outcome;
// a referral to the infectious-disease clinic tracked by a Task from requested to completed.

RuleSet: HivSensitive
* meta.security[+] = $v3-Confidentiality#R "restricted"
* meta.security[+] = $v3-ActCode#HIV "HIV/AIDS information sensitivity"

Instance: medical-patient
InstanceOf: CMPatient
Title: "Daniel Reyes, adult living with HIV"
* insert HivSensitive
* identifier.system = "urn:example:mrn"
* identifier.value = "MRN-200417"
* name.family = "Reyes"
* name.given = "Daniel"
* gender = #male
* birthDate = "1985-07-22"

Instance: medical-id-specialist
InstanceOf: Practitioner
Title: "Infectious-disease specialist"
* identifier.system = "http://hl7.org/fhir/sid/us-npi"
* identifier.value = "1376609297"
* name.family = "Nakamura"
* name.given = "Aiko"

Instance: medical-case-manager
InstanceOf: Practitioner
Title: "Medical case manager"
* identifier.system = "http://hl7.org/fhir/sid/us-npi"
* identifier.value = "1093817465"
* name.family = "Alvarez"
* name.given = "Rosa"

Instance: medical-partner
InstanceOf: RelatedPerson
Title: "Partner and caregiver"
* insert HivSensitive
* patient = Reference(medical-patient)
* relationship = http://terminology.hl7.org/CodeSystem/v3-RoleCode#DOMPART "domestic partner"
* name.family = "Cole"
* name.given = "Jordan"

Instance: medical-hiv
InstanceOf: Condition
Title: "HIV infection"
* insert HivSensitive
* clinicalStatus = http://terminology.hl7.org/CodeSystem/condition-clinical#active
* verificationStatus = http://terminology.hl7.org/CodeSystem/condition-ver-status#confirmed
* category = http://terminology.hl7.org/CodeSystem/condition-category#problem-list-item
* code = $sct#86406008 "Human immunodeficiency virus infection"
* subject = Reference(medical-patient)

Instance: medical-case
InstanceOf: CMCase
Title: "Medical case"
* insert HivSensitive
* extension[acuity].valueCodeableConcept = CaseAcuity#high
* status = #active
* type[specialty] = CaseManagementSpecialty#medical-cm
* diagnosis.condition = Reference(medical-hiv)
* patient = Reference(medical-patient)
* period.start = "2026-06-01"
* careManager = Reference(medical-case-manager)
* team = Reference(medical-careteam)

Instance: medical-careteam
InstanceOf: CMCareTeam
Title: "Medical case care team"
* insert HivSensitive
* extension[episode].valueReference = Reference(medical-case)
* status = #active
* category = $loinc#LA27977-0 "Episode of care-focused care team"
* subject = Reference(medical-patient)
* participant[+].role = $sct#768832004 "Case manager (occupation)"
* participant[=].role.coding[+] = $nucc#171M00000X "Case Manager/Care Coordinator"
* participant[=].member = Reference(medical-case-manager)
* participant[=].period.start = "2026-06-01"
* participant[+].role = $sct#76899008 "Infectious disease specialist (occupation)"
* participant[=].member = Reference(medical-id-specialist)
* participant[+].role = $sct#133932002 "Caregiver (person)"
* participant[=].member = Reference(medical-partner)

Instance: medical-viral-load
InstanceOf: Observation
Title: "HIV-1 viral load: not detected"
* insert HivSensitive
* status = #final
* category = http://terminology.hl7.org/CodeSystem/observation-category#laboratory
* code = $loinc#20447-9 "HIV 1 RNA [#/volume] (viral load) in Serum or Plasma by NAA with probe detection"
* subject = Reference(medical-patient)
* effectiveDateTime = "2026-11-20"
* valueCodeableConcept = $sct#260415000 "Not detected"

Instance: medical-goal-viral-load
InstanceOf: CMGoal
Title: "Undetectable viral load in 6 months"
* insert HivSensitive
* lifecycleStatus = #completed
* achievementStatus = $goal-achievement#achieved
* category[horizon] = GoalHorizon#long-term
* description.text = "HIV viral load undetectable within 6 months"
* subject = Reference(medical-patient)
* startDate = "2026-06-01"
* target.measure = $loinc#20447-9 "HIV 1 RNA [#/volume] (viral load) in Serum or Plasma by NAA with probe detection"
* target.detailCodeableConcept = $sct#260415000 "Not detected"
* target.dueDate = "2026-12-01"
* addresses = Reference(medical-hiv)
* expressedBy = Reference(medical-id-specialist)
* outcomeReference = Reference(medical-viral-load)

Instance: medical-id-referral
InstanceOf: CMServiceRequest
Title: "Referral to the infectious-disease clinic"
* insert HivSensitive
* extension[episode].valueReference = Reference(medical-case)
* extension[pertainsToGoal].valueReference = Reference(medical-goal-viral-load)
* basedOn = Reference(medical-careplan)
* status = #completed
* intent = #order
* code = $sct#442135008 "Referral to infectious disease clinic (procedure)"
* subject = Reference(medical-patient)
* authoredOn = "2026-06-02"
* requester = Reference(medical-case-manager)
* performer = Reference(medical-id-specialist)
* reasonReference = Reference(medical-hiv)

Instance: medical-referral-task
InstanceOf: CMReferralTask
Title: "Referral tracking: requested, accepted, completed"
* insert HivSensitive
* status = #completed
* businessStatus.text = "Seen at the infectious-disease clinic"
* intent = #order
* code = $task-code#fulfill "Fulfill the focal request"
* focus = Reference(medical-id-referral)
* for = Reference(medical-patient)
* authoredOn = "2026-06-02"
* lastModified = "2026-06-20"
* requester = Reference(medical-case-manager)
* owner = Reference(medical-id-specialist)
* output.type.text = "Clinic visit result"
* output.valueReference = Reference(medical-viral-load)

Instance: medical-careplan
InstanceOf: MedicalCMCarePlan
Title: "Medical case-management care plan"
* insert HivSensitive
* extension[episode].valueReference = Reference(medical-case)
* text.status = #generated
* text.div = "<div xmlns=\"http://www.w3.org/1999/xhtml\">Medical case management for HIV: undetectable viral load within 6 months.</div>"
* status = #active
* intent = #plan
* category[AssessPlan] = $uscore-careplan-category#assess-plan
* category[specialty] = CaseManagementSpecialty#medical-cm
* category[planType] = $sct#737427001 "Clinical management plan (record artifact)"
* subject = Reference(medical-patient)
* period.start = "2026-06-01"
* careTeam = Reference(medical-careteam)
* addresses = Reference(medical-hiv)
* goal = Reference(medical-goal-viral-load)
* activity.reference = Reference(medical-id-referral)
* activity.outcomeReference = Reference(medical-viral-load)

// Invalid twin: a goal with no due date on its target.
Instance: invalid-medical-goal-without-due-date
InstanceOf: Goal
Title: "INVALID: goal without a due date"
* meta.profile = Canonical(CMGoal)
* lifecycleStatus = #active
* achievementStatus = $goal-achievement#improving
* category = GoalHorizon#long-term
* description.text = "HIV viral load undetectable"
* subject = Reference(medical-patient)
* target.measure = $loinc#20447-9 "HIV 1 RNA [#/volume] (viral load) in Serum or Plasma by NAA with probe detection"
* target.detailCodeableConcept = $sct#260415000 "Not detected"
