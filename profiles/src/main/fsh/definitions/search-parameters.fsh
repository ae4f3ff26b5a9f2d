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
