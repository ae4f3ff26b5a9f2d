// Scenario 4, the payer's view of scenario 3: the health plan and the member's coverage. The PT
// and OT referrals' insurance points to this Coverage; utilization queries count referrals by payer.
// The physiotherapist reports the first two weeks of the PT referral (6 of the 12 authorised visits)
// on a completed referral Task, and the plan's October referral-volume report (cm-referral-volume)
// counts Helen Park's two referrals: the PT referral active, the OT referral on hold.

Instance: payer-organization
InstanceOf: Organization
Title: "Prairie Health Plan"
* identifier.system = "http://hl7.org/fhir/sid/us-npi"
* identifier.value = "1952617089"
* active = true
* type = http://terminology.hl7.org/CodeSystem/organization-type#pay "Payer"
* name = "Prairie Health Plan"

Instance: payer-coverage
InstanceOf: Coverage
Title: "Helen Park's Medicare Advantage coverage"
* status = #active
* type = http://terminology.hl7.org/CodeSystem/v3-ActCode#HIP "health insurance plan policy"
* subscriberId = "PHP-55120931"
* beneficiary = Reference(rehab-patient)
* relationship = http://terminology.hl7.org/CodeSystem/subscriber-relationship#self "Self"
* period.start = "2026-01-01"
* payor = Reference(payer-organization)
* class.type = http://terminology.hl7.org/CodeSystem/coverage-class#plan "Plan"
* class.value = "MA-GOLD"
* class.name = "Medicare Advantage Gold"

Instance: payer-pt-referral-task
InstanceOf: CMReferralTask
Title: "PT referral tracking: first two weeks delivered"
* status = #completed
* businessStatus.text = "First two weeks of physiotherapy delivered"
* intent = #order
* code = $task-code#fulfill "Fulfill the focal request"
* focus = Reference(rehab-pt-referral)
* for = Reference(rehab-patient)
* executionPeriod.start = "2026-10-12"
* executionPeriod.end = "2026-10-23"
* authoredOn = "2026-10-08"
* lastModified = "2026-10-23"
* requester = Reference(rehab-coordinator)
* owner = Reference(rehab-physiotherapist)
* output.type = CaseManagementMeasure#units-delivered "Units delivered"
* output.valueQuantity = 6 '{visits}' "visits"

// Counts of one report group or stratum of cm-referral-volume, population by population.
RuleSet: VolumeCounts(initial, active, completed, revoked)
* population[+].code = $measure-population#initial-population "Initial Population"
* population[=].count = {initial}
* population[+].code = $measure-population#measure-population "Measure Population"
* population[=].count = {initial}
* population[+].code = $measure-population#measure-observation "Measure Observation"
* population[=].count = {initial}
* population[+].code = CaseManagementMeasure#active
* population[=].count = {active}
* population[+].code = CaseManagementMeasure#completed
* population[=].count = {completed}
* population[+].code = CaseManagementMeasure#revoked
* population[=].count = {revoked}
* measureScore.value = {initial}
* measureScore.unit = "1"
* measureScore.system = "http://unitsofmeasure.org"
* measureScore.code = #1

RuleSet: UnitsCounts(initial, measured, units)
* population[+].code = $measure-population#initial-population "Initial Population"
* population[=].count = {initial}
* population[+].code = $measure-population#measure-population "Measure Population"
* population[=].count = {measured}
* population[+].code = $measure-population#measure-observation "Measure Observation"
* population[=].count = {measured}
* measureScore.value = {units}
* measureScore.unit = "1"
* measureScore.system = "http://unitsofmeasure.org"
* measureScore.code = #1

// Helen Park's three October referrals by service, specialty, payer, month and performer type: PT
// and family education active, OT on hold; the education referral names no Coverage and no
// performer type, so it falls in those stratifiers' unknown strata.
RuleSet: VolumeStrata
* stratifier[+].code = CaseManagementMeasure#service
* stratifier[=].stratum[+].value = $sct#444831000124102 "Referral for physical therapy (procedure)"
* stratifier[=].stratum[=] insert VolumeCounts(1, 1, 0, 0)
* stratifier[=].stratum[+].value = $sct#410155007 "Occupational therapy assessment (procedure)"
* stratifier[=].stratum[=] insert VolumeCounts(1, 0, 0, 0)
* stratifier[=].stratum[+].value = $sct#311401005 "Patient education (procedure)"
* stratifier[=].stratum[=] insert VolumeCounts(1, 1, 0, 0)
* stratifier[+].code = CaseManagementMeasure#specialty
* stratifier[=].stratum[+].value = CaseManagementSpecialty#rehab-cm "Rehabilitation case management"
* stratifier[=].stratum[=] insert VolumeCounts(3, 2, 0, 0)
* stratifier[+].code = CaseManagementMeasure#payer
* stratifier[=].stratum[+].value.text = "Organization/payer-organization"
* stratifier[=].stratum[=] insert VolumeCounts(2, 1, 0, 0)
* stratifier[=].stratum[+].value = $data-absent-reason#unknown "Unknown"
* stratifier[=].stratum[=] insert VolumeCounts(1, 1, 0, 0)
* stratifier[+].code = CaseManagementMeasure#month
* stratifier[=].stratum[+].value.text = "2026-10"
* stratifier[=].stratum[=] insert VolumeCounts(3, 2, 0, 0)
* stratifier[+].code = CaseManagementMeasure#performer-type
* stratifier[=].stratum[+].value = $sct#36682004 "Physiotherapist (occupation)"
* stratifier[=].stratum[=] insert VolumeCounts(1, 1, 0, 0)
* stratifier[=].stratum[+].value = $sct#80546007 "Occupational therapist (occupation)"
* stratifier[=].stratum[=] insert VolumeCounts(1, 0, 0, 0)
* stratifier[=].stratum[+].value = $data-absent-reason#unknown "Unknown"
* stratifier[=].stratum[=] insert VolumeCounts(1, 1, 0, 0)

// The same strata for the units groups: only the PT referral states units (12 visits) and has a
// completed task reporting units used (6 visits).
RuleSet: UnitsStrata(units)
* stratifier[+].code = CaseManagementMeasure#service
* stratifier[=].stratum[+].value = $sct#444831000124102 "Referral for physical therapy (procedure)"
* stratifier[=].stratum[=] insert UnitsCounts(1, 1, {units})
* stratifier[=].stratum[+].value = $sct#410155007 "Occupational therapy assessment (procedure)"
* stratifier[=].stratum[=] insert UnitsCounts(1, 0, 0)
* stratifier[=].stratum[+].value = $sct#311401005 "Patient education (procedure)"
* stratifier[=].stratum[=] insert UnitsCounts(1, 0, 0)
* stratifier[+].code = CaseManagementMeasure#specialty
* stratifier[=].stratum[+].value = CaseManagementSpecialty#rehab-cm "Rehabilitation case management"
* stratifier[=].stratum[=] insert UnitsCounts(3, 1, {units})
* stratifier[+].code = CaseManagementMeasure#payer
* stratifier[=].stratum[+].value.text = "Organization/payer-organization"
* stratifier[=].stratum[=] insert UnitsCounts(2, 1, {units})
* stratifier[=].stratum[+].value = $data-absent-reason#unknown "Unknown"
* stratifier[=].stratum[=] insert UnitsCounts(1, 0, 0)
* stratifier[+].code = CaseManagementMeasure#month
* stratifier[=].stratum[+].value.text = "2026-10"
* stratifier[=].stratum[=] insert UnitsCounts(3, 1, {units})
* stratifier[+].code = CaseManagementMeasure#performer-type
* stratifier[=].stratum[+].value = $sct#36682004 "Physiotherapist (occupation)"
* stratifier[=].stratum[=] insert UnitsCounts(1, 1, {units})
* stratifier[=].stratum[+].value = $sct#80546007 "Occupational therapist (occupation)"
* stratifier[=].stratum[=] insert UnitsCounts(1, 0, 0)
* stratifier[=].stratum[+].value = $data-absent-reason#unknown "Unknown"
* stratifier[=].stratum[=] insert UnitsCounts(1, 0, 0)

// The payer's October report; the invalid twin below differs only in the first units group's aggregate
// method. Every group is a continuous variable summed: 3 referrals, 12 visits authorised, 6 used.
RuleSet: PayerReferralVolumeReport(authorizedAggregate)
* extension[0].url = "http://careplan-fhir.org/fhir/StructureDefinition/cm-report-payer"
* extension[0].valueReference = Reference(payer-organization)
* status = #complete
* type = #summary
* measure = Canonical(cm-referral-volume)
* date = "2026-11-02T08:00:00Z"
* reporter = Reference(payer-organization)
* period.start = "2026-10-01"
* period.end = "2026-10-31"
* group[0].extension[0].url = "http://careplan-fhir.org/fhir/StructureDefinition/cm-aggregate-method"
* group[0].extension[0].valueCode = #sum
* group[0].code = CaseManagementMeasure#referral-volume
* group[0] insert VolumeCounts(3, 2, 0, 0)
* group[0] insert VolumeStrata
* group[1].extension[0].url = "http://careplan-fhir.org/fhir/StructureDefinition/cm-aggregate-method"
* group[1].extension[0].valueCode = #{authorizedAggregate}
* group[1].code = CaseManagementMeasure#units-authorized
* group[1] insert UnitsCounts(3, 1, 12)
* group[1] insert UnitsStrata(12)
* group[2].extension[0].url = "http://careplan-fhir.org/fhir/StructureDefinition/cm-aggregate-method"
* group[2].extension[0].valueCode = #sum
* group[2].code = CaseManagementMeasure#units-used
* group[2] insert UnitsCounts(3, 1, 6)
* group[2] insert UnitsStrata(6)

Instance: payer-referral-volume-report
InstanceOf: MeasureReport
Title: "Prairie Health Plan's referral volume, October 2026"
* insert PayerReferralVolumeReport(sum)

// Invalid twin: a referral-tracking task that does not say which referral it tracks, so a payer
// could not count it against the referral.
Instance: invalid-payer-referral-task-without-focus
InstanceOf: Task
Title: "INVALID: referral task without its referral"
* meta.profile = Canonical(CMReferralTask)
* status = #accepted
* intent = #order
* code = $task-code#fulfill "Fulfill the focal request"
* for = Reference(rehab-patient)
* authoredOn = "2026-10-08"
* owner = Reference(rehab-physiotherapist)

// Invalid twin: a report whose units group names an aggregate method the server does not compute
// (mean), so no one could tell how its score was obtained.
Instance: invalid-payer-measurereport-unknown-aggregate
InstanceOf: MeasureReport
Title: "INVALID: referral-volume report with an unknown aggregate method"
* insert PayerReferralVolumeReport(mean)
