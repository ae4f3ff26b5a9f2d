// Search parameters the package adds. HAPI registers them on install and indexes new writes at once.

Instance: cm-case-specialty
InstanceOf: SearchParameter
Usage: #definition
* url = "http://careplan-fhir.org/fhir/SearchParameter/cm-case-specialty"
* name = "specialty"
* status = #active
* description = "Case-management specialty of a case (EpisodeOfCare.type from the cm-specialty code system)"
* code = #specialty
* base = #EpisodeOfCare
* type = #token
* expression = "EpisodeOfCare.type.coding.where(system='http://careplan-fhir.org/fhir/CodeSystem/cm-specialty')"

Instance: cm-case-acuity
InstanceOf: SearchParameter
Usage: #definition
* url = "http://careplan-fhir.org/fhir/SearchParameter/cm-case-acuity"
* name = "acuity"
* status = #active
* description = "Acuity of a case (the cm-acuity extension)"
* code = #acuity
* base = #EpisodeOfCare
* type = #token
* expression = "EpisodeOfCare.extension('http://careplan-fhir.org/fhir/StructureDefinition/cm-acuity').value.ofType(CodeableConcept)"

Instance: cm-episode
InstanceOf: SearchParameter
Usage: #definition
* url = "http://careplan-fhir.org/fhir/SearchParameter/cm-episode"
* name = "episode"
* status = #active
* description = "The case (EpisodeOfCare) a care plan, service request or care team belongs to (the workflow-episodeOfCare extension)"
* code = #episode
* base[0] = #CarePlan
* base[1] = #ServiceRequest
* base[2] = #CareTeam
* type = #reference
* target = #EpisodeOfCare
* expression = "CarePlan.extension('http://hl7.org/fhir/StructureDefinition/workflow-episodeOfCare').value.ofType(Reference) | ServiceRequest.extension('http://hl7.org/fhir/StructureDefinition/workflow-episodeOfCare').value.ofType(Reference) | CareTeam.extension('http://hl7.org/fhir/StructureDefinition/workflow-episodeOfCare').value.ofType(Reference)"

Instance: cm-pertains-to-goal
InstanceOf: SearchParameter
Usage: #definition
* url = "http://careplan-fhir.org/fhir/SearchParameter/cm-pertains-to-goal"
* name = "pertains-to-goal"
* status = #active
* description = "Goals a service request serves (the resource-pertainsToGoal extension)"
* code = #pertains-to-goal
* base = #ServiceRequest
* type = #reference
* target = #Goal
* expression = "ServiceRequest.extension('http://hl7.org/fhir/StructureDefinition/resource-pertainsToGoal').value.ofType(Reference)"

Instance: cm-careteam-participant-role
InstanceOf: SearchParameter
Usage: #definition
* url = "http://careplan-fhir.org/fhir/SearchParameter/cm-careteam-participant-role"
* name = "participant-role"
* status = #active
* description = "Roles of a care team's participants, e.g. the case-manager role (http://snomed.info/sct|445451001 finds teams with a nurse case manager)"
* code = #participant-role
* base = #CareTeam
* type = #token
* expression = "CareTeam.participant.role"

Instance: cm-task-output
InstanceOf: SearchParameter
Usage: #definition
* url = "http://careplan-fhir.org/fhir/SearchParameter/cm-task-output"
* name = "output"
* status = #active
* description = "What came of a task (Task.output values that are references), so that `_include=Task:output` brings a completed referral's result"
* code = #output
* base = #Task
* type = #reference
* expression = "Task.output.value.ofType(Reference)"

Instance: cm-provenance-patient
InstanceOf: SearchParameter
Usage: #definition
* url = "http://careplan-fhir.org/fhir/SearchParameter/cm-provenance-patient"
* name = "patient"
* status = #active
* description = "The patients whose records a Provenance's targets lie in: a target that is the Patient itself, as in R4, and the patients the cm-provenance-patient extension names (this server records them on every Provenance it writes). Replaces R4's Provenance `patient` parameter on this server."
* code = #patient
* base = #Provenance
* type = #reference
* target = #Patient
* expression = "Provenance.target.where(resolve() is Patient) | Provenance.extension('http://careplan-fhir.org/fhir/StructureDefinition/cm-provenance-patient').value.ofType(Reference)"

Instance: cm-servicerequest-insurance
InstanceOf: SearchParameter
Usage: #definition
* url = "http://careplan-fhir.org/fhir/SearchParameter/cm-servicerequest-insurance"
* name = "insurance"
* status = #active
* description = "Who pays for a referral: the Coverage or prior-authorisation ClaimResponse in ServiceRequest.insurance. R4 has no such parameter; with it a payer's referrals are found by chaining, `ServiceRequest?insurance:Coverage.payor=Organization/[id]`."
* code = #insurance
* base = #ServiceRequest
* type = #reference
* target[0] = #Coverage
* target[1] = #ClaimResponse
* expression = "ServiceRequest.insurance"

Instance: cm-measurereport-payer
InstanceOf: SearchParameter
Usage: #definition
* url = "http://careplan-fhir.org/fhir/SearchParameter/cm-measurereport-payer"
* name = "payer"
* status = #active
* description = "The payer whose members a report counts (the cm-report-payer extension the server sets on the reports it evaluates for a payer), so a payer's reports are found with `MeasureReport?payer=Organization/[id]`."
* code = #payer
* base = #MeasureReport
* type = #reference
* target = #Organization
* expression = "MeasureReport.extension('http://careplan-fhir.org/fhir/StructureDefinition/cm-report-payer').value.ofType(Reference)"
