// Scenario 1, nurse case management: a 78-year-old with type 2 diabetes who lives alone. Nurse case
// manager, primary-care physician and her daughter as caregiver; a short-term goal (attend every visit
// for 30 days) and a long-term one (HbA1c below 8% at 6 months); activities are an endocrinology
// appointment, an insurance-authorisation task and home-health and education requests.

Instance: nurse-patient
InstanceOf: CMPatient
Title: "Margaret Ellis, 78, type 2 diabetes"
* identifier.system = "urn:example:mrn"
* identifier.value = "MRN-100201"
* name.family = "Ellis"
* name.given = "Margaret"
* gender = #female
* birthDate = "1948-03-14"
* address.city = "Springfield"
* address.state = "IL"

Instance: nurse-case-manager
InstanceOf: Practitioner
Title: "Nurse case manager"
* identifier.system = "http://hl7.org/fhir/sid/us-npi"
* identifier.value = "1234567893"
* name.family = "Okafor"
* name.given = "Grace"
* name.suffix = "RN"

Instance: nurse-pcp
InstanceOf: Practitioner
Title: "Primary-care physician"
* identifier.system = "http://hl7.org/fhir/sid/us-npi"
* identifier.value = "1245319599"
* name.family = "Brandt"
* name.given = "Thomas"

Instance: nurse-daughter
InstanceOf: RelatedPerson
Title: "Daughter and caregiver"
* patient = Reference(nurse-patient)
* relationship = http://terminology.hl7.org/CodeSystem/v3-RoleCode#DAU "natural daughter"
* name.family = "Ellis"
* name.given = "Joanne"

Instance: nurse-diabetes
InstanceOf: Condition
Title: "Type 2 diabetes"
* clinicalStatus = http://terminology.hl7.org/CodeSystem/condition-clinical#active
* verificationStatus = http://terminology.hl7.org/CodeSystem/condition-ver-status#confirmed
* category = http://terminology.hl7.org/CodeSystem/condition-category#problem-list-item
* code = $sct#44054006 "Diabetes mellitus type 2"
* subject = Reference(nurse-patient)

Instance: nurse-case
InstanceOf: CMCase
Title: "Nurse case"
* extension[acuity].valueCodeableConcept = CaseAcuity#moderate
* extension[phase].valueCodeableConcept = CasePhase#implementation
* status = #active
* type[specialty] = CaseManagementSpecialty#nurse-cm
* type[1] = $eoc-type#diab "Post coordinated diabetes program"
* diagnosis.condition = Reference(nurse-diabetes)
* patient = Reference(nurse-patient)
* period.start = "2026-09-01"
* careManager = Reference(nurse-case-manager)
* team = Reference(nurse-careteam)

Instance: nurse-careteam
InstanceOf: CMCareTeam
Title: "Nurse case care team"
* extension[episode].valueReference = Reference(nurse-case)
* status = #active
* category = $loinc#LA28865-6 "Longitudinal care-coordination focused care team"
* subject = Reference(nurse-patient)
* participant[+].role = $sct#445451001 "Nurse case manager (occupation)"
* participant[=].member = Reference(nurse-case-manager)
* participant[=].period.start = "2026-09-01"
* participant[+].role = $sct#224535009 "Registered nurse (occupation)"
* participant[=].member = Reference(nurse-pcp)
* participant[+].role = $sct#133932002 "Caregiver (person)"
* participant[=].member = Reference(nurse-daughter)
* participant[+].role = $sct#116154003 "Patient (person)"
* participant[=].member = Reference(nurse-patient)

Instance: nurse-goal-visits
InstanceOf: CMGoal
Title: "Attend every visit for 30 days"
* lifecycleStatus = #active
* achievementStatus = $goal-achievement#in-progress
* category[horizon] = GoalHorizon#short-term
* description.text = "Attend every scheduled visit for the next 30 days"
* subject = Reference(nurse-patient)
* startDate = "2026-09-01"
* target.dueDate = "2026-10-01"
* expressedBy = Reference(nurse-case-manager)

Instance: nurse-goal-hba1c
InstanceOf: CMGoal
Title: "HbA1c below 8% at 6 months"
* lifecycleStatus = #active
* achievementStatus = $goal-achievement#in-progress
* category[horizon] = GoalHorizon#long-term
* description.text = "HbA1c below 8% within 6 months"
* subject = Reference(nurse-patient)
* startDate = "2026-09-01"
* target.measure = $loinc#4548-4 "Hemoglobin A1c/Hemoglobin.total in Blood"
* target.detailQuantity = 8 '%' "%"
* target.detailQuantity.comparator = #<
* target.dueDate = "2027-03-01"
* addresses = Reference(nurse-diabetes)
* expressedBy = Reference(nurse-patient)

Instance: nurse-endocrinology-appointment
InstanceOf: Appointment
Title: "Endocrinology appointment"
* status = #booked
* serviceType = $sct#394583002 "Endocrinology"
* start = "2026-09-15T10:00:00-05:00"
* end = "2026-09-15T10:30:00-05:00"
* participant[+].actor = Reference(nurse-patient)
* participant[=].status = #accepted

Instance: nurse-insurance-authorization
InstanceOf: Task
Title: "Obtain insurance authorisation for home health"
* status = #in-progress
* intent = #order
* code = $task-code#approve "Activate/approve the focal resource"
* description = "Obtain the payer's authorisation for home-health visits"
* focus = Reference(nurse-home-health)
* for = Reference(nurse-patient)
* authoredOn = "2026-09-02"
* owner = Reference(nurse-case-manager)

Instance: nurse-home-health
InstanceOf: CMServiceRequest
Title: "Home-health nursing visits"
* extension[episode].valueReference = Reference(nurse-case)
* extension[pertainsToGoal].valueReference = Reference(nurse-goal-hba1c)
* basedOn = Reference(nurse-careplan)
* status = #active
* intent = #order
* code.text = "Home-health nursing visits: medication review and glucose monitoring"
* subject = Reference(nurse-patient)
* authoredOn = "2026-09-02"
* requester = Reference(nurse-case-manager)
* occurrenceTiming.repeat.frequency = 2
* occurrenceTiming.repeat.period = 1
* occurrenceTiming.repeat.periodUnit = #wk
* quantityQuantity = 16 '{visits}' "visits"

Instance: nurse-diabetes-education
InstanceOf: CMServiceRequest
Title: "Diabetes self-management education"
* extension[episode].valueReference = Reference(nurse-case)
* extension[pertainsToGoal].valueReference = Reference(nurse-goal-hba1c)
* basedOn = Reference(nurse-careplan)
* status = #active
* intent = #order
* category = $sct#409073007 "Education"
* code = $sct#311401005 "Patient education (procedure)"
* subject = Reference(nurse-patient)
* authoredOn = "2026-09-02"
* requester = Reference(nurse-case-manager)

Instance: nurse-careplan
InstanceOf: NurseCMCarePlan
Title: "Nurse case-management care plan"
* extension[episode].valueReference = Reference(nurse-case)
* text.status = #generated
* text.div = "<div xmlns=\"http://www.w3.org/1999/xhtml\">Nurse case management for type 2 diabetes: visits for 30 days, HbA1c below 8% at 6 months.</div>"
* status = #active
* intent = #plan
* category[AssessPlan] = $uscore-careplan-category#assess-plan
* category[specialty] = CaseManagementSpecialty#nurse-cm
* category[planType] = $sct#773130005 "Nursing care plan (record artifact)"
* subject = Reference(nurse-patient)
* period.start = "2026-09-01"
* careTeam = Reference(nurse-careteam)
* addresses = Reference(nurse-diabetes)
* goal[+] = Reference(nurse-goal-visits)
* goal[+] = Reference(nurse-goal-hba1c)
* activity[+].reference = Reference(nurse-endocrinology-appointment)
* activity[+].reference = Reference(nurse-insurance-authorization)
* activity[+].reference = Reference(nurse-home-health)
* activity[+].reference = Reference(nurse-diabetes-education)

// Invalid twin: the team has no case manager (the PCP and the daughter only).
Instance: invalid-nurse-careteam-without-case-manager
InstanceOf: CareTeam
Title: "INVALID: care team without a case manager"
* meta.profile = Canonical(CMCareTeam)
* status = #active
* category = $loinc#LA28865-6 "Longitudinal care-coordination focused care team"
* subject = Reference(nurse-patient)
* participant[+].role = $sct#224535009 "Registered nurse (occupation)"
* participant[=].member = Reference(nurse-pcp)
* participant[+].role = $sct#133932002 "Caregiver (person)"
* participant[=].member = Reference(nurse-daughter)

// Invalid twin: a nurse plan that does not say its specialty.
Instance: invalid-nurse-careplan-without-specialty
InstanceOf: CarePlan
Title: "INVALID: care plan without a specialty"
* meta.profile = Canonical(NurseCMCarePlan)
* extension[+].url = "http://hl7.org/fhir/StructureDefinition/workflow-episodeOfCare"
* extension[=].valueReference = Reference(nurse-case)
* text.status = #generated
* text.div = "<div xmlns=\"http://www.w3.org/1999/xhtml\">Nurse case management for type 2 diabetes.</div>"
* status = #active
* intent = #plan
* category[+] = $uscore-careplan-category#assess-plan
* category[+] = $sct#773130005 "Nursing care plan (record artifact)"
* subject = Reference(nurse-patient)
* period.start = "2026-09-01"
* careTeam = Reference(nurse-careteam)
* goal = Reference(nurse-goal-visits)
* activity.reference = Reference(nurse-endocrinology-appointment)
