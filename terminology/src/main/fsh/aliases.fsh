// Code systems the case-management terminology and profiles draw on.
Alias: $sct = http://snomed.info/sct
Alias: $loinc = http://loinc.org
Alias: $nucc = http://nucc.org/provider-taxonomy
Alias: $eoc-type = http://terminology.hl7.org/CodeSystem/episodeofcare-type
Alias: $goal-achievement = http://terminology.hl7.org/CodeSystem/goal-achievement
Alias: $goal-relationship-type = http://terminology.hl7.org/CodeSystem/goal-relationship-type
Alias: $uscore-careplan-category = http://hl7.org/fhir/us/core/CodeSystem/careplan-category
Alias: $v3-Confidentiality = http://terminology.hl7.org/CodeSystem/v3-Confidentiality
Alias: $v3-ActCode = http://terminology.hl7.org/CodeSystem/v3-ActCode
Alias: $participation-role = http://terminology.hl7.org/CodeSystem/v3-RoleCode
