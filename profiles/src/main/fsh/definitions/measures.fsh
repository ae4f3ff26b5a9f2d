// The utilization measures the server evaluates. It computes them with SQL over its summary tables
// in PostgreSQL, not with CQL: there is no Library, and each criteria is a readable FHIR search or
// FHIRPath expression that says what is counted, with a description that states the rule exactly.
// Groups, populations and stratifiers are matched by their codes (cm-measure, measure-population).

RuleSet: UtilizationMeasure
* status = #active
* experimental = false
* publisher = "Careplan FHIR Server"
* subjectCodeableConcept = $resource-types#Patient "Patient"
* usage = "Careplan FHIR Server evaluates this measure itself, with SQL over its summary tables in PostgreSQL; it has no CQL Library. The criteria are readable FHIR searches and FHIRPath expressions whose descriptions state exactly what the server counts; they are documentation, not expressions a measure engine evaluates. {{periodStart}} and {{periodEnd}} are the first and last day of the measurement period, both included."

// The referrals a ServiceRequest-based group starts from.
RuleSet: ReferralInitialPopulation
* population[+].code = $measure-population#initial-population "Initial Population"
* population[=].criteria.language = #application/x-fhir-query
* population[=].criteria.expression = "ServiceRequest?authored=ge{{periodStart}}&authored=le{{periodEnd}}&status:not=draft&status:not=entered-in-error"
* population[=].criteria.description = "Referrals (ServiceRequests) authored in the measurement period (authoredOn from its first to its last day), in any status but draft and entered-in-error: a draft was never sent, an entered-in-error referral never existed."

// The five breakdowns of every ServiceRequest-based group, in this order.
RuleSet: ReferralStratifiers
* stratifier[+].code = CaseManagementMeasure#service
* stratifier[=].criteria.language = #text/fhirpath
* stratifier[=].criteria.expression = "ServiceRequest.code"
* stratifier[=].criteria.description = "The service the referral asks for (ServiceRequest.code); a stratum's value is that coding."
* stratifier[+].code = CaseManagementMeasure#specialty
* stratifier[=].criteria.language = #text/fhirpath
* stratifier[=].criteria.expression = "ServiceRequest.extension('http://hl7.org/fhir/StructureDefinition/workflow-episodeOfCare').value.ofType(Reference).resolve().type.coding.where(system = 'http://careplan-fhir.org/fhir/CodeSystem/cm-specialty')"
* stratifier[=].criteria.description = "The case-management specialty of the referral's case: the cm-specialty coding of EpisodeOfCare.type of the case its workflow-episodeOfCare extension names. A stratum's value is that coding."
* stratifier[+].code = CaseManagementMeasure#payer
* stratifier[=].criteria.language = #text/fhirpath
* stratifier[=].criteria.expression = "ServiceRequest.insurance.resolve().ofType(Coverage).payor"
* stratifier[=].criteria.description = "Who pays for the referral: Coverage.payor of the Coverage in ServiceRequest.insurance. A stratum's value.text is the payer's reference, Organization/[id]."
* stratifier[+].code = CaseManagementMeasure#month
* stratifier[=].criteria.language = #text/fhirpath
* stratifier[=].criteria.expression = "ServiceRequest.authoredOn.toString().substring(0, 7)"
* stratifier[=].criteria.description = "The calendar month the referral was authored in. A stratum's value.text is YYYY-MM."
* stratifier[+].code = CaseManagementMeasure#performer-type
* stratifier[=].criteria.language = #text/fhirpath
* stratifier[=].criteria.expression = "ServiceRequest.performerType"
* stratifier[=].criteria.description = "Who is to perform the service (ServiceRequest.performerType); a stratum's value is that coding."

// Measure population and observation of the continuous-variable groups, after the initial population.
RuleSet: TimeToServicePopulations
* population[+].code = $measure-population#measure-population "Measure Population"
* population[=].criteria.language = #application/x-fhir-query
* population[=].criteria.expression = "ServiceRequest?authored=ge{{periodStart}}&authored=le{{periodEnd}}&status:not=draft&status:not=entered-in-error&_has:Task:focus:status=in-progress,on-hold,completed"
* population[=].criteria.description = "Of the initial population, the referrals whose service has started: those with at least one fulfil Task (Task.code fulfill, Task.focus the referral) in status in-progress, on-hold or completed that has an executionPeriod.start."
* population[+].code = $measure-population#measure-observation "Measure Observation"
* population[=].criteria.language = #text/fhirpath
* population[=].criteria.expression = "(%fulfilTasks.where(status in ('in-progress' | 'on-hold' | 'completed')).executionPeriod.start.min() - ServiceRequest.authoredOn) in days"
* population[=].criteria.description = "For each referral of the measure population, the whole days from ServiceRequest.authoredOn to its first service, the earliest executionPeriod.start of its fulfil Tasks (%fulfilTasks: Task?focus=[referral]&code=fulfill) in status in-progress, on-hold or completed."

Instance: cm-referral-volume
InstanceOf: Measure
Usage: #definition
Title: "Referral volume and outcome"
Description: "How many referrals were authored in a period, what became of them, and how many units they authorised and used."
* url = "http://careplan-fhir.org/fhir/Measure/cm-referral-volume"
* name = "ReferralVolumeAndOutcome"
* title = "Referral volume and outcome"
* insert UtilizationMeasure
* description = "How many referrals were authored in the measurement period, how many of them are active, completed or revoked, and how many units (visits, sessions) they authorised and used: the demand and utilisation a case manager and a payer follow. The population basis is ServiceRequest: every population counts referrals, not patients. Units authorised come from ServiceRequest.quantityQuantity; units used from the units-delivered outputs (cm-measure#units-delivered) of the referrals' completed fulfil Tasks. Every group is stratified by service, case-management specialty, payer, month authored and performer type; a referral without a stratifier's value is counted in a stratum whose value is data-absent-reason#unknown. Scored as continuous variables summed (cm-aggregate-method): the volume group observes 1 per referral, so its score is the number referred; the units groups observe each referral's units, so their scores are the units authorised and used."
* scoring = $measure-scoring#continuous-variable "Continuous Variable"
* group[0].extension[0].url = "http://careplan-fhir.org/fhir/StructureDefinition/cm-aggregate-method"
* group[0].extension[0].valueCode = #sum
* group[0].code = CaseManagementMeasure#referral-volume
* group[0].description = "Referrals authored in the period, and how many of them are active, completed or revoked."
* group[0] insert ReferralInitialPopulation
* group[0].population[+].code = $measure-population#measure-population "Measure Population"
* group[0].population[=].criteria.language = #application/x-fhir-query
* group[0].population[=].criteria.expression = "ServiceRequest?authored=ge{{periodStart}}&authored=le{{periodEnd}}&status:not=draft&status:not=entered-in-error"
* group[0].population[=].criteria.description = "The initial population: every referral authored in the period, in any status but draft and entered-in-error."
* group[0].population[+].code = $measure-population#measure-observation "Measure Observation"
* group[0].population[=].criteria.language = #text/fhirpath
* group[0].population[=].criteria.expression = "1"
* group[0].population[=].criteria.description = "Each referral of the measure population counts once: summed, the group's score is the number of referrals."
* group[0].population[+].code = CaseManagementMeasure#active
* group[0].population[=].criteria.language = #application/x-fhir-query
* group[0].population[=].criteria.expression = "ServiceRequest?authored=ge{{periodStart}}&authored=le{{periodEnd}}&status=active"
* group[0].population[=].criteria.description = "Of the initial population, the referrals authorised and in progress: ServiceRequest.status active."
* group[0].population[+].code = CaseManagementMeasure#completed
* group[0].population[=].criteria.language = #application/x-fhir-query
* group[0].population[=].criteria.expression = "ServiceRequest?authored=ge{{periodStart}}&authored=le{{periodEnd}}&status=completed"
* group[0].population[=].criteria.description = "Of the initial population, the referrals whose service was delivered: ServiceRequest.status completed."
* group[0].population[+].code = CaseManagementMeasure#revoked
* group[0].population[=].criteria.language = #application/x-fhir-query
* group[0].population[=].criteria.expression = "ServiceRequest?authored=ge{{periodStart}}&authored=le{{periodEnd}}&status=revoked"
* group[0].population[=].criteria.description = "Of the initial population, the referrals withdrawn before completion: ServiceRequest.status revoked."
* group[0] insert ReferralStratifiers
* group[1].extension[0].url = "http://careplan-fhir.org/fhir/StructureDefinition/cm-aggregate-method"
* group[1].extension[0].valueCode = #sum
* group[1].code = CaseManagementMeasure#units-authorized
* group[1].description = "The units the referrals of the period authorise, summed."
* group[1] insert ReferralInitialPopulation
* group[1].population[+].code = $measure-population#measure-population "Measure Population"
* group[1].population[=].criteria.language = #application/x-fhir-query
* group[1].population[=].criteria.expression = "ServiceRequest?authored=ge{{periodStart}}&authored=le{{periodEnd}}&status:not=draft&status:not=entered-in-error"
* group[1].population[=].criteria.description = "Of the initial population, the referrals that state how many units they authorise (ServiceRequest.quantityQuantity). No search parameter tests quantity, so the search is the initial population's and the server keeps the referrals that have one."
* group[1].population[+].code = $measure-population#measure-observation "Measure Observation"
* group[1].population[=].criteria.language = #text/fhirpath
* group[1].population[=].criteria.expression = "ServiceRequest.quantity.ofType(Quantity).value"
* group[1].population[=].criteria.description = "For each referral of the measure population, the units it authorises: the value of ServiceRequest.quantityQuantity."
* group[1] insert ReferralStratifiers
* group[2].extension[0].url = "http://careplan-fhir.org/fhir/StructureDefinition/cm-aggregate-method"
* group[2].extension[0].valueCode = #sum
* group[2].code = CaseManagementMeasure#units-used
* group[2].description = "The units the referrals of the period used, as their completed fulfil Tasks report them, summed."
* group[2] insert ReferralInitialPopulation
* group[2].population[+].code = $measure-population#measure-population "Measure Population"
* group[2].population[=].criteria.language = #application/x-fhir-query
* group[2].population[=].criteria.expression = "ServiceRequest?authored=ge{{periodStart}}&authored=le{{periodEnd}}&status:not=draft&status:not=entered-in-error&_has:Task:focus:status=completed"
* group[2].population[=].criteria.description = "Of the initial population, the referrals with at least one completed fulfil Task (Task.code fulfill, Task.focus the referral) that has a units-delivered output (Task.output.type cm-measure#units-delivered)."
* group[2].population[+].code = $measure-population#measure-observation "Measure Observation"
* group[2].population[=].criteria.language = #text/fhirpath
* group[2].population[=].criteria.expression = "%fulfilTasks.where(status = 'completed').output.where(type.coding.exists(system = 'http://careplan-fhir.org/fhir/CodeSystem/cm-measure' and code = 'units-delivered')).value.select(ofType(Quantity).value | ofType(integer)).aggregate($total + $this, 0)"
* group[2].population[=].criteria.description = "For each referral of the measure population, the units it used: the sum of the units-delivered outputs (valueQuantity.value or valueInteger) of its completed fulfil Tasks (%fulfilTasks: Task?focus=[referral]&code=fulfill)."
* group[2] insert ReferralStratifiers

Instance: cm-referral-completion-rate
InstanceOf: Measure
Usage: #definition
Title: "Referral completion rate"
Description: "The share of the referrals authored in a period that were completed."
* url = "http://careplan-fhir.org/fhir/Measure/cm-referral-completion-rate"
* name = "ReferralCompletionRate"
* title = "Referral completion rate"
* insert UtilizationMeasure
* description = "The share of the referrals authored in the measurement period that were completed (ServiceRequest.status completed): whether the services a case manager arranges are actually delivered. The population basis is ServiceRequest. The denominator is every referral authored in the period, in any status but draft and entered-in-error; the numerator those of them that are completed. Stratified by service, case-management specialty, payer, month authored and performer type; a referral without a stratifier's value is counted in a stratum whose value is data-absent-reason#unknown."
* scoring = $measure-scoring#ratio "Ratio"
* improvementNotation = $measure-improvement#increase "Increased score indicates improvement"
* group[0].code = CaseManagementMeasure#referral-completion
* group[0].description = "Completed referrals over the referrals authored in the period."
* group[0] insert ReferralInitialPopulation
* group[0].population[+].code = $measure-population#denominator "Denominator"
* group[0].population[=].criteria.language = #application/x-fhir-query
* group[0].population[=].criteria.expression = "ServiceRequest?authored=ge{{periodStart}}&authored=le{{periodEnd}}&status:not=draft&status:not=entered-in-error"
* group[0].population[=].criteria.description = "The initial population: every referral authored in the period, in any status but draft and entered-in-error."
* group[0].population[+].code = $measure-population#numerator "Numerator"
* group[0].population[=].criteria.language = #application/x-fhir-query
* group[0].population[=].criteria.expression = "ServiceRequest?authored=ge{{periodStart}}&authored=le{{periodEnd}}&status=completed"
* group[0].population[=].criteria.description = "Of the denominator, the completed referrals: ServiceRequest.status completed."
* group[0] insert ReferralStratifiers

Instance: cm-referral-time-to-service
InstanceOf: Measure
Usage: #definition
Title: "Days from referral to first service"
Description: "How long patients wait for a referred service to start: the median and the 90th percentile of the days from a referral to its first service."
* url = "http://careplan-fhir.org/fhir/Measure/cm-referral-time-to-service"
* name = "DaysFromReferralToFirstService"
* title = "Days from referral to first service"
* insert UtilizationMeasure
* description = "How long patients wait for a referred service to start, in whole days from the referral (ServiceRequest.authoredOn) to its first service: the earliest Task.executionPeriod.start of the referral's fulfil Tasks in status in-progress, on-hold or completed. The population basis is ServiceRequest: the referrals authored in the measurement period whose service has started. The median shows the usual wait, the 90th percentile the long waits a median hides; both are continuous percentiles (PostgreSQL percentile_cont), named by each group's cm-aggregate-method. Stratified by service, case-management specialty, payer, month authored and performer type; a referral without a stratifier's value is counted in a stratum whose value is data-absent-reason#unknown."
* scoring = $measure-scoring#continuous-variable "Continuous Variable"
* improvementNotation = $measure-improvement#decrease "Decreased score indicates improvement"
* group[0].extension[0].url = "http://careplan-fhir.org/fhir/StructureDefinition/cm-aggregate-method"
* group[0].extension[0].valueCode = #median
* group[0].code = CaseManagementMeasure#days-to-first-service-median
* group[0].description = "The median of the days from referral to first service."
* group[0] insert ReferralInitialPopulation
* group[0] insert TimeToServicePopulations
* group[0] insert ReferralStratifiers
* group[1].extension[0].url = "http://careplan-fhir.org/fhir/StructureDefinition/cm-aggregate-method"
* group[1].extension[0].valueCode = #p90
* group[1].code = CaseManagementMeasure#days-to-first-service-p90
* group[1].description = "The 90th percentile of the days from referral to first service."
* group[1] insert ReferralInitialPopulation
* group[1] insert TimeToServicePopulations
* group[1] insert ReferralStratifiers

Instance: cm-goals-achieved
InstanceOf: Measure
Usage: #definition
Title: "Goals achieved within the plan period"
Description: "The share of the goals of care plans ending in a period that were achieved by the plan's end."
* url = "http://careplan-fhir.org/fhir/Measure/cm-goals-achieved"
* name = "GoalsAchievedWithinPlanPeriod"
* title = "Goals achieved within the plan period"
* insert UtilizationMeasure
* description = "The share of case-management goals achieved by the end of their care plan: whether plans reach what they set out to. The population basis is Goal: the goals listed in CarePlan.goal of the care plans (status neither draft nor entered-in-error) whose period.end falls within the measurement period, leaving out goals that were never pursued (lifecycleStatus proposed, cancelled, rejected or entered-in-error). A goal counts as achieved when its achievementStatus is achieved or sustaining and its statusDate is absent or on or before the plan's period.end. Stratified by the case-management specialty of the plan's case, the patient's payer (Coverage.payor of the patient's active Coverage) and the month of the plan's period.end; a goal without a stratifier's value is counted in a stratum whose value is data-absent-reason#unknown."
* scoring = $measure-scoring#ratio "Ratio"
* improvementNotation = $measure-improvement#increase "Increased score indicates improvement"
* group[0].code = CaseManagementMeasure#goals-achieved
* group[0].description = "Goals achieved by the end of their care plan over the goals of the plans ending in the period."
* group[0].population[+].code = $measure-population#initial-population "Initial Population"
* group[0].population[=].criteria.language = #application/x-fhir-query
* group[0].population[=].criteria.expression = "Goal?_has:CarePlan:goal:date=ge{{periodStart}}&_has:CarePlan:goal:date=le{{periodEnd}}&_has:CarePlan:goal:status:not=draft&_has:CarePlan:goal:status:not=entered-in-error&lifecycle-status:not=proposed&lifecycle-status:not=cancelled&lifecycle-status:not=rejected&lifecycle-status:not=entered-in-error"
* group[0].population[=].criteria.description = "Goals listed in CarePlan.goal of a care plan whose status is neither draft nor entered-in-error and whose period.end falls within the measurement period (a search on CarePlan.period can only narrow this down), with a lifecycleStatus other than proposed, cancelled, rejected and entered-in-error."
* group[0].population[+].code = $measure-population#denominator "Denominator"
* group[0].population[=].criteria.language = #application/x-fhir-query
* group[0].population[=].criteria.expression = "Goal?_has:CarePlan:goal:date=ge{{periodStart}}&_has:CarePlan:goal:date=le{{periodEnd}}&_has:CarePlan:goal:status:not=draft&_has:CarePlan:goal:status:not=entered-in-error&lifecycle-status:not=proposed&lifecycle-status:not=cancelled&lifecycle-status:not=rejected&lifecycle-status:not=entered-in-error"
* group[0].population[=].criteria.description = "The initial population: every goal of the care plans ending in the period that was pursued."
* group[0].population[+].code = $measure-population#numerator "Numerator"
* group[0].population[=].criteria.language = #application/x-fhir-query
* group[0].population[=].criteria.expression = "Goal?_has:CarePlan:goal:date=ge{{periodStart}}&_has:CarePlan:goal:date=le{{periodEnd}}&_has:CarePlan:goal:status:not=draft&_has:CarePlan:goal:status:not=entered-in-error&lifecycle-status:not=proposed&lifecycle-status:not=cancelled&lifecycle-status:not=rejected&lifecycle-status:not=entered-in-error&achievement-status=achieved,sustaining"
* group[0].population[=].criteria.description = "Of the denominator, the goals achieved by the plan's end: achievementStatus achieved or sustaining, with a statusDate that is absent or on or before the care plan's period.end."
* group[0].stratifier[+].code = CaseManagementMeasure#specialty
* group[0].stratifier[=].criteria.language = #text/fhirpath
* group[0].stratifier[=].criteria.expression = "%carePlan.extension('http://hl7.org/fhir/StructureDefinition/workflow-episodeOfCare').value.ofType(Reference).resolve().type.coding.where(system = 'http://careplan-fhir.org/fhir/CodeSystem/cm-specialty')"
* group[0].stratifier[=].criteria.description = "The case-management specialty of the case of the care plan listing the goal (%carePlan): the cm-specialty coding of that EpisodeOfCare.type. A stratum's value is that coding."
* group[0].stratifier[+].code = CaseManagementMeasure#payer
* group[0].stratifier[=].criteria.language = #text/fhirpath
* group[0].stratifier[=].criteria.expression = "%activeCoverage.payor"
* group[0].stratifier[=].criteria.description = "The patient's payer: Coverage.payor of the patient's active Coverage (%activeCoverage: Coverage?beneficiary=[Goal.subject]&status=active). A stratum's value.text is the payer's reference, Organization/[id]."
* group[0].stratifier[+].code = CaseManagementMeasure#month
* group[0].stratifier[=].criteria.language = #text/fhirpath
* group[0].stratifier[=].criteria.expression = "%carePlan.period.end.toString().substring(0, 7)"
* group[0].stratifier[=].criteria.description = "The calendar month the care plan listing the goal ends in (%carePlan.period.end). A stratum's value.text is YYYY-MM."
