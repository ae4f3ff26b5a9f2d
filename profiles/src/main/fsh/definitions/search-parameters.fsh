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
