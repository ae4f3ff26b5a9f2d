// Scenario 4, the payer's view of scenario 3: the health plan and the member's coverage. The PT
// referral's insurance points to this Coverage; utilization queries count referrals by payer.

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
