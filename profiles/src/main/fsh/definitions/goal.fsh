Profile: CMGoal
Parent: Goal
Id: cm-goal
Title: "Case-management goal"
Description: "A goal agreed in a case: what, for whom, by when (every target has a due date), short- or long-term, and once pursued how it is going (achievementStatus). Goals that must follow one another are linked with the core goal-relationship extension (type predecessor on the later goal). Aligned with US Core 7.0.0 Goal (lifecycleStatus, description, subject, target.due, startDate, expressedBy)."
* obeys cm-goal-1
* extension contains $goal-relationship named relationship 0..* MS
* lifecycleStatus MS
* achievementStatus MS
* category 1..* MS
* category ^slicing.discriminator.type = #pattern
* category ^slicing.discriminator.path = "$this"
* category ^slicing.rules = #open
* category ^slicing.description = "The goal horizon, beside any other category."
* category contains horizon 1..1 MS
* category[horizon] ^patternCodeableConcept.coding[0].system = "http://careplan-fhir.org/fhir/CodeSystem/cm-goal-horizon"
* category[horizon] from GoalHorizonVS (required)
* description MS
* subject MS
* subject only Reference(Patient)
* start[x] MS
* startCodeableConcept from GoalStartEventVS (extensible)
* target 1..* MS
* target.measure MS
* target.detail[x] MS
* target.due[x] 1..1 MS
* target.due[x] only date
* expressedBy MS
* addresses MS
* outcomeReference MS

Invariant: cm-goal-1
Description: "An active or completed goal records how it is going (achievementStatus)."
Expression: "(lifecycleStatus = 'active' or lifecycleStatus = 'completed') implies achievementStatus.exists()"
Severity: #error
