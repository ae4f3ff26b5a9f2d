Profile: CMCarePlan
Parent: CarePlan
Id: cm-careplan
Title: "Case-management care plan"
Description: "What every case-management care plan has, whatever the specialty: a patient, a start, the US Core assess-plan category, the specialty and the plan type, a care team. Activities are real request resources (ServiceRequest, Appointment, Task…) referenced from `activity.reference`, so they can be searched on their own; `activity.detail` is therefore prohibited. Abstract: instances claim one of the specialty profiles. Aligned with US Core 7.0.0 CarePlan (text, status, intent, category:AssessPlan, subject)."
* ^abstract = true
* obeys cm-careplan-1
* extension contains $workflow-episodeOfCare named episode 1..1 MS
* extension[episode].valueReference only Reference(CMCase)
* text 1..1 MS
* text.status MS
* status MS
* intent = #plan
* intent MS
* category 2..* MS
* category ^slicing.discriminator.type = #pattern
* category ^slicing.discriminator.path = "$this"
* category ^slicing.rules = #open
* category ^slicing.description = "US Core assess-plan, the case-management specialty and the plan type."
* category contains AssessPlan 1..1 MS and specialty 1..1 MS and planType 0..1 MS
* category[AssessPlan] = $uscore-careplan-category#assess-plan
* category[specialty] ^patternCodeableConcept.coding[0].system = "http://careplan-fhir.org/fhir/CodeSystem/cm-specialty"
* category[specialty] from CaseManagementSpecialtyVS (required)
* category[planType] ^patternCodeableConcept.coding[0].system = "http://snomed.info/sct"
* category[planType] from CarePlanTypeVS (required)
* subject only Reference(Patient)
* subject MS
* period 1..1 MS
* period.start 1..1 MS
* careTeam 1..* MS
* careTeam only Reference(CMCareTeam)
* goal MS
* goal only Reference(CMGoal)
* addresses MS
* contributor MS
* supportingInfo MS
* note MS
* activity MS
* activity.reference MS
* activity.outcomeReference MS
* activity.detail 0..0

Invariant: cm-careplan-1
Description: "An active case-management plan has at least one goal, a care team and an activity."
Expression: "status = 'active' implies (goal.exists() and careTeam.exists() and activity.exists())"
Severity: #error

Profile: NurseCMCarePlan
Parent: CMCarePlan
Id: nurse-cm-careplan
Title: "Nurse case-management care plan"
Description: "Long-term care coordination by a nurse case manager. Activities are the appointments, insurance-authorisation tasks, procedure scheduling and home-health or education requests the nurse arranges."
* ^abstract = false
* category[specialty] = $cm-specialty#nurse-cm
* category[planType] 1..1
* category[planType] = $sct#773130005
* activity.reference only Reference(Appointment or Task or ServiceRequest or CommunicationRequest)

Profile: MedicalCMCarePlan
Parent: CMCarePlan
Id: medical-cm-careplan
Title: "Medical case-management care plan"
Description: "Management of long-term conditions: the plan addresses at least one condition and has goals with measurable targets (CMGoal); activity outcomes record progress; the care team includes a family or caregiver liaison (a RelatedPerson participant of CMCareTeam)."
* ^abstract = false
* category[specialty] = $cm-specialty#medical-cm
* category[planType] 1..1
* category[planType] = $sct#737427001
* addresses 1..*
* goal 1..*

Profile: RehabCMCarePlan
Parent: CMCarePlan
Id: rehab-cm-careplan
Title: "Rehabilitation case-management care plan"
Description: "Recovery after surgery or illness: the plan addresses the condition or procedure, its activities are therapy referrals (CMTherapyReferral) sequenced by the goals they pertain to (OT after the PT goal is achieved, enforced by the server) and a family-education request."
* ^abstract = false
* category[specialty] = $cm-specialty#rehab-cm
* category[planType] 1..1
* category[planType] = $sct#736055001
* addresses 1..*
* goal 1..*
* activity.reference only Reference(ServiceRequest or Appointment or Task)
