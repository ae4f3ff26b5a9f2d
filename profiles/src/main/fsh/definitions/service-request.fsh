Profile: CMServiceRequest
Parent: ServiceRequest
Id: cm-servicerequest
Title: "Case-management service request"
Description: "A service the case manager arranges under a care plan: what, for whom, when, how often, by whom and who pays (`insurance`: the Coverage or the prior-authorisation ClaimResponse). Links to the goals it serves with the core pertainsToGoal extension. Aligned with US Core 7.0.0 ServiceRequest (status, intent, category, code, subject, occurrence, authoredOn, requester)."
* extension contains $workflow-episodeOfCare named episode 0..1 MS and $pertainsToGoal named pertainsToGoal 0..* MS
* extension[episode].valueReference only Reference(CMCase)
* extension[pertainsToGoal].valueReference only Reference(CMGoal)
* basedOn 1..* MS
* basedOn only Reference(CMCarePlan)
* status MS
* intent MS
* category MS
* category from ServiceRequestCategoryVS (extensible)
* code 1..1 MS
* code from ServiceRequestCodeVS (extensible)
* subject MS
* subject only Reference(Patient)
* authoredOn 1..1 MS
* requester MS
* priority MS
* performer MS
* performerType MS
* occurrence[x] MS
* quantity[x] MS
* insurance MS
* reasonReference MS

Profile: CMTherapyReferral
Parent: CMServiceRequest
Id: cm-therapy-referral
Title: "Therapy referral"
Description: "A referral to physiotherapy or occupational therapy: an evaluation procedure, performed by a physiotherapist or occupational therapist, for a code from the therapy-referral value set. An OT referral cannot become active while a predecessor of the goal it pertains to is not achieved; the server enforces that rule (cm-referral-sequence)."
* category 1..*
* category ^slicing.discriminator.type = #pattern
* category ^slicing.discriminator.path = "$this"
* category ^slicing.rules = #open
* category contains evaluation 1..1 MS
* category[evaluation] = $sct#386053000
* code from TherapyReferralVS (required)
* performerType 1..1
* performerType from TherapistTypeVS (required)
