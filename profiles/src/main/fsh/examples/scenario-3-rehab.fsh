// Scenario 3, rehabilitation case management after a total hip replacement. Rehabilitation
// coordinator, orthopaedic surgeon, physiotherapist, occupational therapist and the daughter. G1 (PT:
// walk 50 feet with two turns, from discharge, due in 6 weeks) comes before G2 (OT: upper-body
// dressing). The PT referral runs 3 times a week for 12 visits; the OT referral waits, on hold, until
// G1 is achieved; a family-education request completes the plan.

Instance: rehab-patient
InstanceOf: CMPatient
Title: "Helen Park, after a total hip replacement"
* identifier.system = "urn:example:mrn"
* identifier.value = "MRN-300988"
* name.family = "Park"
* name.given = "Helen"
* gender = #female
* birthDate = "1956-11-02"

Instance: rehab-coordinator
InstanceOf: Practitioner
Title: "Rehabilitation coordinator"
* identifier.system = "http://hl7.org/fhir/sid/us-npi"
* identifier.value = "1518273645"
* name.family = "Lindqvist"
* name.given = "Erik"

Instance: rehab-surgeon
InstanceOf: Practitioner
Title: "Orthopaedic surgeon"
* identifier.system = "http://hl7.org/fhir/sid/us-npi"
* identifier.value = "1629384756"
* name.family = "Mensah"
* name.given = "Kofi"

Instance: rehab-physiotherapist
InstanceOf: Practitioner
Title: "Physiotherapist"
* identifier.system = "http://hl7.org/fhir/sid/us-npi"
* identifier.value = "1730495867"
* name.family = "Duarte"
* name.given = "Ana"

Instance: rehab-occupational-therapist
InstanceOf: Practitioner
Title: "Occupational therapist"
* identifier.system = "http://hl7.org/fhir/sid/us-npi"
* identifier.value = "1841506978"
* name.family = "Byrne"
* name.given = "Siobhan"

Instance: rehab-daughter
InstanceOf: RelatedPerson
Title: "Daughter"
* patient = Reference(rehab-patient)
* relationship = http://terminology.hl7.org/CodeSystem/v3-RoleCode#DAU "natural daughter"
* name.family = "Park"
* name.given = "Lily"

Instance: rehab-hip-replacement
InstanceOf: Procedure
Title: "Total hip replacement"
* status = #completed
* code = $sct#52734007 "Total hip replacement"
* subject = Reference(rehab-patient)
* performedDateTime = "2026-10-05"
* performer.actor = Reference(rehab-surgeon)

Instance: rehab-hip-condition
InstanceOf: Condition
Title: "Osteoarthritis of hip"
* clinicalStatus = http://terminology.hl7.org/CodeSystem/condition-clinical#active
* verificationStatus = http://terminology.hl7.org/CodeSystem/condition-ver-status#confirmed
* category = http://terminology.hl7.org/CodeSystem/condition-category#problem-list-item
* code = $sct#239872002 "Osteoarthritis of hip"
* subject = Reference(rehab-patient)

Instance: rehab-case
InstanceOf: CMCase
Title: "Rehabilitation case"
* extension[acuity].valueCodeableConcept = CaseAcuity#moderate
* status = #active
* type[specialty] = CaseManagementSpecialty#rehab-cm
* type[1] = $eoc-type#pac "Post Acute Care"
* diagnosis.condition = Reference(rehab-hip-condition)
* patient = Reference(rehab-patient)
* period.start = "2026-10-08"
* careManager = Reference(rehab-coordinator)
* team = Reference(rehab-careteam)

Instance: rehab-careteam
InstanceOf: CMCareTeam
Title: "Rehabilitation care team"
* extension[episode].valueReference = Reference(rehab-case)
* status = #active
* category = $loinc#LA27977-0 "Episode of care-focused care team"
* subject = Reference(rehab-patient)
* participant[+].role = $sct#768822006 "Rehabilitation coordinator (occupation)"
* participant[=].member = Reference(rehab-coordinator)
* participant[=].period.start = "2026-10-08"
* participant[+].role = $sct#22731001 "Orthopedic surgeon (occupation)"
* participant[=].member = Reference(rehab-surgeon)
* participant[+].role = $sct#36682004 "Physiotherapist (occupation)"
* participant[=].member = Reference(rehab-physiotherapist)
* participant[+].role = $sct#80546007 "Occupational therapist (occupation)"
* participant[=].member = Reference(rehab-occupational-therapist)
* participant[+].role = $sct#133932002 "Caregiver (person)"
* participant[=].member = Reference(rehab-daughter)

Instance: rehab-goal-walking
InstanceOf: CMGoal
Title: "G1 (PT): walk 50 feet with two turns"
* lifecycleStatus = #active
* achievementStatus = $goal-achievement#improving
* category[horizon] = GoalHorizon#short-term
* description.text = "Walk 50 feet with two turns without help"
* subject = Reference(rehab-patient)
* startCodeableConcept = $sct#308283009 "Discharge from hospital"
* target.measure = $loinc#89381-8 "Walk 50 feet with two turns - functional goal during assessment period [CMS Assessment]"
* target.detailCodeableConcept.text = "Independent"
* target.dueDate = "2026-11-19"
* addresses = Reference(rehab-hip-condition)
* expressedBy = Reference(rehab-physiotherapist)

Instance: rehab-goal-dressing
InstanceOf: CMGoal
Title: "G2 (OT): upper-body dressing, after G1"
* extension[relationship].extension[type].valueCodeableConcept = $goal-relationship-type#predecessor "Predecessor"
* extension[relationship].extension[target].valueReference = Reference(rehab-goal-walking)
* lifecycleStatus = #accepted
* category[horizon] = GoalHorizon#short-term
* description.text = "Dress the upper body without help"
* subject = Reference(rehab-patient)
* startCodeableConcept = $sct#308283009 "Discharge from hospital"
* target.measure = $loinc#89387-5 "Upper body dressing - functional goal during assessment period [CMS Assessment]"
* target.detailCodeableConcept.text = "Independent"
* target.dueDate = "2026-12-31"
* addresses = Reference(rehab-hip-condition)
* expressedBy = Reference(rehab-occupational-therapist)

Instance: rehab-pt-referral
InstanceOf: CMTherapyReferral
Title: "PT referral, 3 times a week for 12 visits"
* extension[episode].valueReference = Reference(rehab-case)
* extension[pertainsToGoal].valueReference = Reference(rehab-goal-walking)
* basedOn = Reference(rehab-careplan)
* status = #active
* intent = #order
* category[evaluation] = $sct#386053000 "Evaluation procedure (procedure)"
* code = $sct#444831000124102 "Referral for physical therapy (procedure)"
* subject = Reference(rehab-patient)
* authoredOn = "2026-10-08"
* requester = Reference(rehab-coordinator)
* performerType = $sct#36682004 "Physiotherapist (occupation)"
* performer = Reference(rehab-physiotherapist)
* occurrenceTiming.repeat.frequency = 3
* occurrenceTiming.repeat.period = 1
* occurrenceTiming.repeat.periodUnit = #wk
* quantityQuantity = 12 '{visits}' "visits"
* insurance = Reference(payer-coverage)
* reasonReference = Reference(rehab-hip-condition)

Instance: rehab-ot-referral
InstanceOf: CMTherapyReferral
Title: "OT referral, on hold until G1 is achieved"
* extension[episode].valueReference = Reference(rehab-case)
* extension[pertainsToGoal].valueReference = Reference(rehab-goal-dressing)
* basedOn = Reference(rehab-careplan)
* status = #on-hold
* intent = #order
* category[evaluation] = $sct#386053000 "Evaluation procedure (procedure)"
* code = $sct#410155007 "Occupational therapy assessment (procedure)"
* subject = Reference(rehab-patient)
* authoredOn = "2026-10-08"
* requester = Reference(rehab-coordinator)
* performerType = $sct#80546007 "Occupational therapist (occupation)"
* performer = Reference(rehab-occupational-therapist)
* insurance = Reference(payer-coverage)

Instance: rehab-family-education
InstanceOf: CMServiceRequest
Title: "Family education on safe transfers"
* extension[episode].valueReference = Reference(rehab-case)
* basedOn = Reference(rehab-careplan)
* status = #active
* intent = #order
* category = $sct#409073007 "Education"
* code = $sct#311401005 "Patient education (procedure)"
* subject = Reference(rehab-patient)
* authoredOn = "2026-10-08"
* requester = Reference(rehab-coordinator)
* note.text = "Teach the daughter safe transfers and hip precautions."

Instance: rehab-careplan
InstanceOf: RehabCMCarePlan
Title: "Rehabilitation case-management care plan"
* extension[episode].valueReference = Reference(rehab-case)
* text.status = #generated
* text.div = "<div xmlns=\"http://www.w3.org/1999/xhtml\">Rehabilitation after total hip replacement: PT to walking, then OT to dressing, with family education.</div>"
* status = #active
* intent = #plan
* category[AssessPlan] = $uscore-careplan-category#assess-plan
* category[specialty] = CaseManagementSpecialty#rehab-cm
* category[planType] = $sct#736055001 "Rehabilitation care plan (record artifact)"
* subject = Reference(rehab-patient)
* period.start = "2026-10-08"
* careTeam = Reference(rehab-careteam)
* addresses = Reference(rehab-hip-condition)
* supportingInfo = Reference(rehab-hip-replacement)
* goal[+] = Reference(rehab-goal-walking)
* goal[+] = Reference(rehab-goal-dressing)
* activity[+].reference = Reference(rehab-pt-referral)
* activity[+].reference = Reference(rehab-ot-referral)
* activity[+].reference = Reference(rehab-family-education)

// Invalid twin: a therapy referral that does not say which therapist performs it.
Instance: invalid-rehab-referral-without-performer-type
InstanceOf: ServiceRequest
Title: "INVALID: therapy referral without a performer type"
* meta.profile = Canonical(CMTherapyReferral)
* basedOn = Reference(rehab-careplan)
* status = #active
* intent = #order
* category = $sct#386053000 "Evaluation procedure (procedure)"
* code = $sct#444831000124102 "Referral for physical therapy (procedure)"
* subject = Reference(rehab-patient)
* authoredOn = "2026-10-08"

// Invalid twin: a rehab plan that records its activities inline (activity.detail) instead of as requests.
Instance: invalid-rehab-careplan-with-activity-detail
InstanceOf: CarePlan
Title: "INVALID: care plan with an inline activity"
* meta.profile = Canonical(RehabCMCarePlan)
* extension[+].url = "http://hl7.org/fhir/StructureDefinition/workflow-episodeOfCare"
* extension[=].valueReference = Reference(rehab-case)
* text.status = #generated
* text.div = "<div xmlns=\"http://www.w3.org/1999/xhtml\">Rehabilitation after total hip replacement.</div>"
* status = #active
* intent = #plan
* category[+] = $uscore-careplan-category#assess-plan
* category[+] = CaseManagementSpecialty#rehab-cm
* category[+] = $sct#736055001 "Rehabilitation care plan (record artifact)"
* subject = Reference(rehab-patient)
* period.start = "2026-10-08"
* careTeam = Reference(rehab-careteam)
* addresses = Reference(rehab-hip-condition)
* goal = Reference(rehab-goal-walking)
* activity.detail.status = #scheduled
* activity.detail.code = $sct#91251008 "Physical therapy procedure (regime/therapy)"
