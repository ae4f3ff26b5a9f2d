// Local code systems: concepts no published terminology names for case-management work.

CodeSystem: CaseManagementSpecialty
Id: cm-specialty
Title: "Case-management specialty"
Description: "The practice a case is run under: the three the profiles build on (nurse, medical, rehabilitation) and the other specialties case managers practise, so a server can hold their cases before they get profiles of their own. Specialties are grouped (is-a) under health-care, social and justice-system case management; the groups themselves are not selectable."
* ^caseSensitive = true
* ^content = #complete
* ^hierarchyMeaning = #is-a
* ^property[+].code = #notSelectable
* ^property[=].uri = "http://hl7.org/fhir/concept-properties#notSelectable"
* ^property[=].description = "A grouping of specialties, not a specialty a case can have"
* ^property[=].type = #boolean
* #health-cm "Health-care case management" "Specialties centred on health and care services."
  * ^property[+].code = #notSelectable
  * ^property[=].valueBoolean = true
  * #nurse-cm "Nurse case management" "Long-term coordination of care by a nurse case manager: appointments, insurance authorisation, procedures, home health."
  * #medical-cm "Medical case management" "Management of long-term conditions with measurable clinical targets, recorded outcomes and family liaison."
  * #rehab-cm "Rehabilitation case management" "Recovery after injury, surgery or illness through sequenced therapy and family education."
  * #clinical-cm "Clinical case management" "Case management combining clinical care with coordination of services."
  * #mental-health-cm "Mental-health case management" "Case management for people living with serious mental illness."
  * #geriatric-cm "Geriatric case management" "Case management for older adults and their families."
  * #substance-use-cm "Substance-use case management" "Case management for people recovering from substance use."
* #social-cm "Social case management" "Specialties centred on social and family services."
  * ^property[+].code = #notSelectable
  * ^property[=].valueBoolean = true
  * #social-work-cm "Social-work case management" "Case management by social workers addressing social needs."
  * #child-cm "Child welfare case management" "Case management for children and families in child-welfare services."
  * #juvenile-cm "Juvenile case management" "Case management for young people in the justice or welfare system."
* #justice-cm "Justice-system case management" "Specialties practised alongside courts, custody and legal proceedings."
  * ^property[+].code = #notSelectable
  * ^property[=].valueBoolean = true
  * #forensic-cm "Forensic case management" "Case management for people with mental illness in contact with the justice system."
  * #correctional-cm "Correctional case management" "Case management during custody and re-entry."
  * #legal-cm "Legal case management" "Coordination of care alongside legal proceedings."

CodeSystem: CaseAcuity
Id: cm-acuity
Title: "Case acuity"
Description: "How much case-management attention a case needs; drives caseload weighting."
* ^caseSensitive = true
* ^content = #complete
* #low "Low" "Stable; periodic check-ins."
* #moderate "Moderate" "Active needs; regular contact."
* #high "High" "Unstable or at risk; frequent contact."
* #complex "Complex" "Multiple interacting needs across services; intensive coordination."

CodeSystem: GoalHorizon
Id: cm-goal-horizon
Title: "Goal horizon"
Description: "Whether a case-management goal is a short-term step or a long-term outcome."
* ^caseSensitive = true
* ^content = #complete
* #short-term "Short-term goal" "Expected within weeks, typically within 90 days."
* #long-term "Long-term goal" "Expected over months or longer."

CodeSystem: CaseManagementFunction
Id: cm-function
Title: "Case-management function"
Description: "The functions of case management, used to classify case-manager tasks and activities."
* ^caseSensitive = true
* ^content = #complete
* #assess "Assess" "Gather and evaluate the person's needs, strengths and risks."
* #plan "Plan" "Agree goals and the services that reach them."
* #coordinate "Coordinate" "Arrange and connect services across providers, payers and family."
* #advocate "Advocate" "Act for the person to obtain services and benefits."
* #monitor "Monitor" "Follow progress toward goals and adjust the plan."
* #educate "Educate" "Teach the person and caregivers about the condition and the plan."

CodeSystem: CareBarrierType
Id: cm-barrier-type
Title: "Barrier to care"
Description: "Kinds of obstacle that stand between a person and the plan of care."
* ^caseSensitive = true
* ^content = #complete
* #transportation "Transportation" "No reliable way to reach appointments or services."
* #financial "Financial" "Cost of care, medication or equipment is unaffordable."
* #insurance "Insurance" "Coverage is missing, denied or pending authorisation."
* #health-literacy "Health literacy" "Difficulty understanding health information or instructions."
* #language "Language" "Care is not available in the person's language."
* #housing "Housing" "Unstable or unsuitable housing."
* #caregiver-availability "Caregiver availability" "No caregiver available when needed."
* #cognitive "Cognitive impairment" "Memory or cognitive limits affect self-management."
* #mobility "Mobility" "Physical limits affect access to care."
* #motivation "Motivation" "Low engagement with the plan."

CodeSystem: CasePhase
Id: cm-case-phase
Title: "Case phase"
Description: "Where a case stands in the case-management process."
* ^caseSensitive = true
* ^content = #complete
* #intake "Intake" "Screening and opening the case."
* #assessment "Assessment" "Assessing needs, strengths and risks."
* #planning "Planning" "Agreeing goals and the plan of care."
* #implementation "Implementation" "Services are arranged and delivered."
* #monitoring "Monitoring" "Following progress and adjusting the plan."
* #transition "Transition" "Preparing hand-over or discharge from case management."
* #closed "Closed" "Case management has ended."

CodeSystem: CaseManagementMeasure
Id: cm-measure
Title: "Case-management utilization measure codes"
Description: "The codes of the utilization measures the server computes (referral volume and outcome, completion rate, days to first service, goals achieved): their report groups, the populations FHIR's measure-population codes do not name, the stratifiers, the aggregate methods of continuous-variable groups, and the Task output that says how many authorised units a referral used. Report groups and measures match each other by these codes, so they are grouped (is-a) by the part of a measure they name; the groupings themselves are not selectable."
* ^caseSensitive = true
* ^content = #complete
* ^hierarchyMeaning = #is-a
* ^property[+].code = #notSelectable
* ^property[=].uri = "http://hl7.org/fhir/concept-properties#notSelectable"
* ^property[=].description = "A grouping of measure codes, not a code a measure or report uses"
* ^property[=].type = #boolean
* #group "Report group" "The groups of the utilization measures: what each group of a measure and of its reports counts."
  * ^property[+].code = #notSelectable
  * ^property[=].valueBoolean = true
  * #referral-volume "Referral volume" "Referrals authored in the period, and how many of them are active, completed or revoked."
  * #units-authorized "Units authorised" "The units (visits, sessions) the referrals of the period authorise, from ServiceRequest.quantityQuantity, summed."
  * #units-used "Units used" "The units the referrals of the period used, from the units-delivered outputs of their completed fulfil Tasks, summed."
  * #referral-completion "Referral completion" "The share of the referrals authored in the period that were completed."
  * #days-to-first-service-median "Days to first service, median" "The median number of whole days from a referral's authoring to its first service."
  * #days-to-first-service-p90 "Days to first service, 90th percentile" "The 90th percentile of the whole days from a referral's authoring to its first service."
  * #goals-achieved "Goals achieved" "The share of the goals of care plans ending in the period that were achieved by the plan's end."
* #population "Population" "Populations of the referral-volume group that FHIR's measure-population codes do not name: referrals by status."
  * ^property[+].code = #notSelectable
  * ^property[=].valueBoolean = true
  * #active "Active referrals" "Referrals authorised and in progress: ServiceRequest.status active."
  * #completed "Completed referrals" "Referrals whose service was delivered: ServiceRequest.status completed."
  * #revoked "Revoked referrals" "Referrals withdrawn before they were completed: ServiceRequest.status revoked."
* #stratifier "Stratifier" "What a report's counts can be broken down by."
  * ^property[+].code = #notSelectable
  * ^property[=].valueBoolean = true
  * #service "Service" "The service a referral asks for: ServiceRequest.code."
  * #specialty "Specialty" "The case-management specialty (cm-specialty) of the case the referral or care plan belongs to."
  * #payer "Payer" "The payer: the Coverage.payor of the Coverage in ServiceRequest.insurance, or of the patient's active Coverage for goals."
  * #month "Month" "The calendar month of the referral's authoredOn (of the care plan's period.end for goals), written YYYY-MM."
  * #performer-type "Performer type" "Who is to perform the service: ServiceRequest.performerType."
* #aggregate "Aggregate method" "How the observations of a continuous-variable group are combined into its score."
  * ^property[+].code = #notSelectable
  * ^property[=].valueBoolean = true
  * #sum "Sum" "The sum of the observations."
  * #median "Median" "The median of the observations (the 50th percentile, continuous)."
  * #p90 "90th percentile" "The 90th percentile of the observations, continuous (interpolated between the two nearest observations, as PostgreSQL's percentile_cont computes it)."
* #output "Task output" "Kinds of Task.output the utilization measures read."
  * ^property[+].code = #notSelectable
  * ^property[=].valueBoolean = true
  * #units-delivered "Units delivered" "On a completed referral Task: how many of the referral's authorised units were used, as Task.output with this type and a valueQuantity or valueInteger."

CodeSystem: CaseManagementAudit
Id: cm-audit
Title: "Careplan audit event codes"
Description: "The AuditEvent types and subtypes the server records for what neither FHIR's RESTful interactions nor DICOM's audit codes name: the SMART authorization server's tokens, consents and EHR launches, and notifications sent to subscribers. Sign-ins are recorded with DICOM's codes (110114 User Authentication, 110122 Login) and FHIR requests with audit-event-type#rest and the RESTful interaction."
* ^caseSensitive = true
* ^content = #complete
* ^hierarchyMeaning = #is-a
* #authorization "SMART authorization" "An AuditEvent type: something the authorization server did for an app or a person."
  * #token-issued "Token issued" "An access token was issued to an app (authorization code or client credentials); the scopes granted are in outcomeDesc."
  * #token-refreshed "Token refreshed" "An app exchanged a refresh token for a new access token; the scopes are in outcomeDesc."
  * #token-revoked "Token revoked" "An access token stopped being valid before it expired: revoked by the app or with its refresh token."
  * #consent-given "Consent given" "A person allowed an app the scopes listed in outcomeDesc on the consent page."
  * #consent-withheld "Consent withheld" "A person withheld from an app the scopes listed in outcomeDesc on the consent page (all of them when they refused)."
  * #ehr-launch "EHR launch" "An EHR asked for a launch context bound to a patient, to open an app with."
* #delivery "Notification delivery" "An AuditEvent type: the server sent data to an endpoint outside it."
  * #notification-sent "Notification sent" "A subscription notification was POSTed to its rest-hook endpoint; a failure's reason is in outcomeDesc."
