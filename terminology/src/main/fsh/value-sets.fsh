// Value sets the profiles bind to. Those drawing on SNOMED CT, LOINC and NUCC enumerate their codes,
// so they expand and validate on a server that has not loaded those terminologies.

ValueSet: CaseManagementSpecialtyVS
Id: cm-specialty
Title: "Case-management specialties"
Description: "Every case-management specialty, without the groupings."
* include codes from system CaseManagementSpecialty
* exclude CaseManagementSpecialty#health-cm
* exclude CaseManagementSpecialty#social-cm
* exclude CaseManagementSpecialty#justice-cm

ValueSet: CaseAcuityVS
Id: cm-acuity
Title: "Case acuity"
Description: "Acuity levels of a case."
* include codes from system CaseAcuity

ValueSet: GoalHorizonVS
Id: cm-goal-horizon
Title: "Goal horizon"
Description: "Short-term or long-term goal."
* include codes from system GoalHorizon

ValueSet: CaseManagementFunctionVS
Id: cm-function
Title: "Case-management functions"
Description: "The functions of case management."
* include codes from system CaseManagementFunction

ValueSet: CareBarrierTypeVS
Id: cm-barrier-type
Title: "Barriers to care"
Description: "Kinds of barrier to care."
* include codes from system CareBarrierType

ValueSet: CasePhaseVS
Id: cm-case-phase
Title: "Case phases"
Description: "Phases of a case."
* include codes from system CasePhase

ValueSet: CaseTypeVS
Id: cm-case-type
Title: "Case type"
Description: "What an EpisodeOfCare is: a case-management specialty, or one of the R4 episode-of-care types that describe a case-managed programme."
* include codes from valueset CaseManagementSpecialtyVS
* $eoc-type#pac "Post Acute Care"
* $eoc-type#diab "Post coordinated diabetes program"
* $eoc-type#hacc "Home and Community Care"

ValueSet: CarePlanTypeVS
Id: cm-careplan-type
Title: "Case-management care-plan type"
Description: "Kinds of care plan a case manager writes: SNOMED CT record artifacts under 734163000 |Care plan|."
* $sct#734163000 "Care plan (record artifact)"
* $sct#773130005 "Nursing care plan (record artifact)"
* $sct#737427001 "Clinical management plan (record artifact)"
* $sct#736055001 "Rehabilitation care plan (record artifact)"

ValueSet: CaseManagerRoleVS
Id: cm-case-manager-role
Title: "Case-manager role"
Description: "The occupations that lead a case, as SNOMED CT occupations, with the NUCC taxonomy codes payers use beside them."
* $sct#768832004 "Case manager (occupation)"
* $sct#445451001 "Nurse case manager (occupation)"
* $sct#3981000175106 "Nurse complex case manager (occupation)"
* $sct#768820003 "Care coordinator (occupation)"
* $sct#768821004 "Care team coordinator (occupation)"
* $sct#768822006 "Rehabilitation coordinator (occupation)"
* $nucc#171M00000X "Case Manager/Care Coordinator"
* $nucc#163WC0400X "Case Management Registered Nurse"

ValueSet: CareTeamMemberRoleVS
Id: cm-care-team-member-role
Title: "Care-team member role"
Description: "Roles on a case-management care team: the case manager, clinicians and therapists, the patient and caregivers."
* include codes from valueset CaseManagerRoleVS
* $sct#1254984000 "Rehabilitation nurse (occupation)"
* $sct#1254983006 "Chronic care nurse (occupation)"
* $sct#224543004 "Diabetic nurse (occupation)"
* $sct#224535009 "Registered nurse (occupation)"
* $sct#36682004 "Physiotherapist (occupation)"
* $sct#80546007 "Occupational therapist (occupation)"
* $sct#309360001 "Rehabilitation physician (occupation)"
* $sct#22731001 "Orthopedic surgeon (occupation)"
* $sct#76899008 "Infectious disease specialist (occupation)"
* $sct#90655003 "Geriatrics specialist (occupation)"
* $sct#116154003 "Patient (person)"
* $sct#133932002 "Caregiver (person)"
* $nucc#225100000X "Physical Therapist"
* $nucc#225X00000X "Occupational Therapist"

ValueSet: CareTeamCategoryVS
Id: cm-careteam-category
Title: "Case-management care-team category"
Description: "LOINC answers naming what a care team is organised around."
* $loinc#LA28865-6 "Longitudinal care-coordination focused care team"
* $loinc#LA27977-0 "Episode of care-focused care team"
* $loinc#LA28866-4 "Home & Community Based Services (HCBS)-focused care team"

ValueSet: TherapistTypeVS
Id: cm-therapist-type
Title: "Therapist type"
Description: "Who performs a therapy referral."
* $sct#36682004 "Physiotherapist (occupation)"
* $sct#80546007 "Occupational therapist (occupation)"

ValueSet: TherapyReferralVS
Id: cm-therapy-referral
Title: "Therapy referral"
Description: "What a therapy referral asks for."
* $sct#444831000124102 "Referral for physical therapy (procedure)"
* $sct#410158009 "Physical therapy assessment (procedure)"
* $sct#410155007 "Occupational therapy assessment (procedure)"
* $sct#91251008 "Physical therapy procedure (regime/therapy)"

ValueSet: ServiceRequestCodeVS
Id: cm-service-request-code
Title: "Case-management service request"
Description: "Services a case manager requests: the therapy referrals, specialist referrals, education and home health."
* include codes from valueset TherapyReferralVS
* $sct#442135008 "Referral to infectious disease clinic (procedure)"
* $sct#103699006 "Referral to dietitian (procedure)"
* $sct#311401005 "Patient education (procedure)"

ValueSet: ServiceRequestCategoryVS
Id: cm-service-request-category
Title: "Case-management service-request category"
Description: "Categories of case-management service requests."
* $sct#386053000 "Evaluation procedure (procedure)"
* $sct#410606002 "Social service procedure (procedure)"
* $sct#409073007 "Education"
* $sct#409063005 "Counselling"

ValueSet: FunctionalGoalMeasureVS
Id: cm-functional-goal-measure
Title: "Functional goal measure"
Description: "LOINC functional-goal items (CMS assessment) a rehabilitation goal measures."
* $loinc#89381-8 "Walk 50 feet with two turns - functional goal during assessment period [CMS Assessment]"
* $loinc#89392-5 "Sit to stand - functional goal during assessment period [CMS Assessment]"
* $loinc#89387-5 "Upper body dressing - functional goal during assessment period [CMS Assessment]"
* $loinc#89406-3 "Lower body dressing - functional goal during assessment period [CMS Assessment]"

ValueSet: GoalStartEventVS
Id: cm-goal-start-event
Title: "Goal start event"
Description: "Events a case-management goal starts from."
* $sct#308283009 "Discharge from hospital"
* $sct#442137000 "Completion time of procedure"

ValueSet: MeasureStratifierVS
Id: cm-measure-stratifier
Title: "Utilization measure stratifiers"
Description: "What the utilization measures' counts can be broken down by: service, specialty, payer, month and performer type."
* CaseManagementMeasure#service
* CaseManagementMeasure#specialty
* CaseManagementMeasure#payer
* CaseManagementMeasure#month
* CaseManagementMeasure#performer-type

ValueSet: MeasureAggregateVS
Id: cm-measure-aggregate
Title: "Aggregate methods"
Description: "How the server combines a continuous-variable group's observations into its score: the methods it can compute (sum, median, 90th percentile)."
* CaseManagementMeasure#sum
* CaseManagementMeasure#median
* CaseManagementMeasure#p90

ValueSet: TaskOutputTypeVS
Id: cm-task-output-type
Title: "Referral task output type"
Description: "Kinds of referral Task output the utilization measures read: the units a completed referral used."
* CaseManagementMeasure#units-delivered
