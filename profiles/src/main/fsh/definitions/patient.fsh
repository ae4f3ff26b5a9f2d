Profile: CMPatient
Parent: Patient
Id: cm-patient
Title: "Case-management patient"
Description: "The person a case is about, with what US Core 7.0.0 Patient requires (identifier with system and value, a name with a family or given part, gender) so our instances pass a US Core validator too."
* obeys cm-patient-1
* identifier 1..* MS
* identifier.system 1..1 MS
* identifier.value 1..1 MS
* name 1..* MS
* name.family MS
* name.given MS
* gender 1..1 MS
* birthDate MS
* telecom MS
* address MS
* communication MS

Invariant: cm-patient-1
Description: "Every name has a family or a given part."
Expression: "name.all(family.exists() or given.exists())"
Severity: #error
