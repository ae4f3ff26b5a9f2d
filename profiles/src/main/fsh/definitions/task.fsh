Profile: CMReferralTask
Parent: Task
Id: cm-referral-task
Title: "Referral tracking task"
Description: "Tracks one referral (the ServiceRequest in `focus`) through the receiving provider: requested, accepted or rejected, completed, with what came of it in `output`. Accepted and completed tasks are the utilization signal payers read."
* status MS
* businessStatus MS
* statusReason MS
* intent = #order
* code 1..1 MS
* code = $task-code#fulfill
* focus 1..1 MS
* focus only Reference(ServiceRequest)
* for 1..1 MS
* for only Reference(Patient)
* authoredOn 1..1 MS
* lastModified MS
* requester MS
* owner MS
* output MS
