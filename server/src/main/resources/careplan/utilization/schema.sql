-- Summary tables of the utilization measures: one row per record that a measure counts, kept
-- current by the writing transaction (utilization.FactCapture), so that a measure is one aggregate
-- query over a narrow table instead of a walk through every resource.

-- A referral carries its case's specialty and its coverage's payer too, kept in step when the case
-- or the coverage changes: the measures group by them without a join.
CREATE TABLE IF NOT EXISTS cp_referral_fact (
	referral_id VARCHAR(64) PRIMARY KEY,
	patient_id VARCHAR(64),
	authored DATE,
	status VARCHAR(32),
	service_system TEXT,
	service_code TEXT,
	performer_type_system TEXT,
	performer_type_code TEXT,
	episode_id VARCHAR(64),
	specialty_code TEXT,
	coverage_id VARCHAR(64),
	payer VARCHAR(100),
	units_authorized NUMERIC,
	units_used NUMERIC,
	first_service DATE
);
CREATE INDEX IF NOT EXISTS cp_referral_fact_authored ON cp_referral_fact (authored);
CREATE INDEX IF NOT EXISTS cp_referral_fact_patient ON cp_referral_fact (patient_id);
CREATE INDEX IF NOT EXISTS cp_referral_fact_episode ON cp_referral_fact (episode_id);
CREATE INDEX IF NOT EXISTS cp_referral_fact_coverage ON cp_referral_fact (coverage_id);

CREATE TABLE IF NOT EXISTS cp_referral_task_fact (
	task_id VARCHAR(64) PRIMARY KEY,
	referral_id VARCHAR(64) NOT NULL,
	status VARCHAR(32),
	started DATE,
	units_delivered NUMERIC
);
CREATE INDEX IF NOT EXISTS cp_referral_task_fact_referral ON cp_referral_task_fact (referral_id);

CREATE TABLE IF NOT EXISTS cp_case_fact (
	episode_id VARCHAR(64) PRIMARY KEY,
	patient_id VARCHAR(64),
	specialty_code TEXT
);

CREATE TABLE IF NOT EXISTS cp_coverage_fact (
	coverage_id VARCHAR(64) PRIMARY KEY,
	beneficiary_id VARCHAR(64),
	payer VARCHAR(100),
	active BOOLEAN NOT NULL
);
CREATE INDEX IF NOT EXISTS cp_coverage_fact_payer ON cp_coverage_fact (payer, active);
CREATE INDEX IF NOT EXISTS cp_coverage_fact_beneficiary ON cp_coverage_fact (beneficiary_id);

CREATE TABLE IF NOT EXISTS cp_goal_fact (
	goal_id VARCHAR(64) PRIMARY KEY,
	patient_id VARCHAR(64),
	lifecycle VARCHAR(32),
	achievement VARCHAR(32),
	status_date DATE
);

CREATE TABLE IF NOT EXISTS cp_plan_goal_fact (
	careplan_id VARCHAR(64) NOT NULL,
	goal_id VARCHAR(64) NOT NULL,
	patient_id VARCHAR(64),
	plan_status VARCHAR(32),
	period_end DATE,
	episode_id VARCHAR(64),
	PRIMARY KEY (careplan_id, goal_id)
);
CREATE INDEX IF NOT EXISTS cp_plan_goal_fact_end ON cp_plan_goal_fact (period_end);

-- The attribution Groups whose members follow a payer's coverage (utilization.PayerGroups): a change
-- of coverage finds the Groups to keep in step here, instead of searching every Group.
CREATE TABLE IF NOT EXISTS cp_payer_group (
	group_id VARCHAR(64) PRIMARY KEY,
	payer VARCHAR(100) NOT NULL
);
CREATE INDEX IF NOT EXISTS cp_payer_group_payer ON cp_payer_group (payer);

-- Which version of the facts' rules the rows were built with; another version rebuilds them.
CREATE TABLE IF NOT EXISTS cp_fact_state (
	name VARCHAR(64) PRIMARY KEY,
	version INTEGER NOT NULL
);
