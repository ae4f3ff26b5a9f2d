// Core extensions and code systems the profiles use (terminology aliases live in the terminology module).
Alias: $workflow-episodeOfCare = http://hl7.org/fhir/StructureDefinition/workflow-episodeOfCare
Alias: $pertainsToGoal = http://hl7.org/fhir/StructureDefinition/resource-pertainsToGoal
Alias: $goal-relationship = http://hl7.org/fhir/StructureDefinition/goal-relationship
Alias: $task-code = http://hl7.org/fhir/CodeSystem/task-code
Alias: $cm-specialty = http://careplan-fhir.org/fhir/CodeSystem/cm-specialty
Alias: $cm-goal-horizon = http://careplan-fhir.org/fhir/CodeSystem/cm-goal-horizon
Alias: $measure-population = http://terminology.hl7.org/CodeSystem/measure-population
Alias: $measure-scoring = http://terminology.hl7.org/CodeSystem/measure-scoring
Alias: $measure-improvement = http://terminology.hl7.org/CodeSystem/measure-improvement-notation
Alias: $resource-types = http://hl7.org/fhir/resource-types
Alias: $data-absent-reason = http://terminology.hl7.org/CodeSystem/data-absent-reason
