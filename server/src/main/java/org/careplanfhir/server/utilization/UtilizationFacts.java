package org.careplanfhir.server.utilization;

import java.sql.Date;
import java.time.LocalDate;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.careplanfhir.server.utilization.FactRows.Case;
import org.careplanfhir.server.utilization.FactRows.CoverageRow;
import org.careplanfhir.server.utilization.FactRows.GoalRow;
import org.careplanfhir.server.utilization.FactRows.PlanGoal;
import org.careplanfhir.server.utilization.FactRows.Referral;
import org.careplanfhir.server.utilization.FactRows.ReferralTask;
import org.hl7.fhir.r4.model.Coding;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The summary tables ({@code careplan/utilization/schema.sql}), written through the connection of
 * the transaction that writes the record, so a fact commits with its record or not at all.
 */
class UtilizationFacts {

	private final JdbcTemplate database;

	UtilizationFacts(JdbcTemplate database) {
		this.database = database;
	}

	/** A referral's row, with its case's specialty and its coverage's payer as their rows now say. */
	void keep(Referral referral) {
		database.update("""
				INSERT INTO cp_referral_fact (referral_id, patient_id, authored, status, service_system, service_code,
					performer_type_system, performer_type_code, episode_id, specialty_code, coverage_id, payer,
					units_authorized)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT specialty_code FROM cp_case_fact WHERE episode_id = ?), ?,
					(SELECT payer FROM cp_coverage_fact WHERE coverage_id = ?), ?)
				ON CONFLICT (referral_id) DO UPDATE SET patient_id = EXCLUDED.patient_id, authored = EXCLUDED.authored,
					status = EXCLUDED.status, service_system = EXCLUDED.service_system,
					service_code = EXCLUDED.service_code, performer_type_system = EXCLUDED.performer_type_system,
					performer_type_code = EXCLUDED.performer_type_code, episode_id = EXCLUDED.episode_id,
					specialty_code = EXCLUDED.specialty_code, coverage_id = EXCLUDED.coverage_id,
					payer = EXCLUDED.payer, units_authorized = EXCLUDED.units_authorized""",
				referral.id(), referral.patient(), sql(referral.authored()), referral.status(),
				system(referral.service()), code(referral.service()), system(referral.performerType()),
				code(referral.performerType()), referral.episode(), referral.episode(), referral.coverage(),
				referral.coverage(), referral.unitsAuthorized());
		refreshService(referral.id());
	}

	void keep(ReferralTask task) {
		String before = previousReferral(task.id());
		database.update("""
				INSERT INTO cp_referral_task_fact (task_id, referral_id, status, started, units_delivered)
				VALUES (?, ?, ?, ?, ?)
				ON CONFLICT (task_id) DO UPDATE SET referral_id = EXCLUDED.referral_id, status = EXCLUDED.status,
					started = EXCLUDED.started, units_delivered = EXCLUDED.units_delivered""",
				task.id(), task.referral(), task.status(), sql(task.started()), task.unitsDelivered());
		refreshService(task.referral());
		if (before != null && !before.equals(task.referral())) {
			refreshService(before);
		}
	}

	void keep(Case episode) {
		String specialty = code(episode.specialty());
		database.update("""
				INSERT INTO cp_case_fact (episode_id, patient_id, specialty_code) VALUES (?, ?, ?)
				ON CONFLICT (episode_id) DO UPDATE SET patient_id = EXCLUDED.patient_id,
					specialty_code = EXCLUDED.specialty_code""", episode.id(), episode.patient(), specialty);
		database.update("UPDATE cp_referral_fact SET specialty_code = ? WHERE episode_id = ?"
				+ " AND specialty_code IS DISTINCT FROM ?", specialty, episode.id(), specialty);
	}

	/** @return the payers whose members this change may have changed */
	Set<String> keep(CoverageRow coverage) {
		String before = database.query("SELECT payer FROM cp_coverage_fact WHERE coverage_id = ?",
				rows -> rows.next() ? rows.getString(1) : null, coverage.id());
		database.update("""
				INSERT INTO cp_coverage_fact (coverage_id, beneficiary_id, payer, active) VALUES (?, ?, ?, ?)
				ON CONFLICT (coverage_id) DO UPDATE SET beneficiary_id = EXCLUDED.beneficiary_id,
					payer = EXCLUDED.payer, active = EXCLUDED.active""",
				coverage.id(), coverage.beneficiary(), coverage.payer(), coverage.active());
		database.update("UPDATE cp_referral_fact SET payer = ? WHERE coverage_id = ? AND payer IS DISTINCT FROM ?",
				coverage.payer(), coverage.id(), coverage.payer());
		return payers(before, coverage.payer());
	}

	void keep(GoalRow goal) {
		database.update("""
				INSERT INTO cp_goal_fact (goal_id, patient_id, lifecycle, achievement, status_date) VALUES (?, ?, ?, ?, ?)
				ON CONFLICT (goal_id) DO UPDATE SET patient_id = EXCLUDED.patient_id, lifecycle = EXCLUDED.lifecycle,
					achievement = EXCLUDED.achievement, status_date = EXCLUDED.status_date""",
				goal.id(), goal.patient(), goal.lifecycle(), goal.achievement(), sql(goal.statusDate()));
	}

	void keepPlan(String planId, List<PlanGoal> goals) {
		database.update("DELETE FROM cp_plan_goal_fact WHERE careplan_id = ?", planId);
		database.batchUpdate("""
				INSERT INTO cp_plan_goal_fact (careplan_id, goal_id, patient_id, plan_status, period_end, episode_id)
				VALUES (?, ?, ?, ?, ?, ?)""",
				goals.stream().map(goal -> new Object[] { goal.plan(), goal.goal(), goal.patient(), goal.planStatus(),
						sql(goal.periodEnd()), goal.episode() }).toList());
	}

	/** The payer whose coverage the Group's members follow, or none (null): a Group listed by hand. */
	void keepFollower(String group, String payer) {
		if (payer == null) {
			database.update("DELETE FROM cp_payer_group WHERE group_id = ?", group);
			return;
		}
		database.update("""
				INSERT INTO cp_payer_group (group_id, payer) VALUES (?, ?)
				ON CONFLICT (group_id) DO UPDATE SET payer = EXCLUDED.payer""", group, payer);
	}

	/** The Groups whose members follow one of these payers' coverage. */
	List<String> followersOf(Collection<String> payers) {
		return database.queryForList("SELECT group_id FROM cp_payer_group WHERE payer IN ("
				+ String.join(", ", Collections.nCopies(payers.size(), "?")) + ") ORDER BY group_id", String.class,
				payers.toArray());
	}

	/** @return the payers whose members this removal may have changed */
	Set<String> forget(String type, String id) {
		switch (type) {
			case "ServiceRequest" -> database.update("DELETE FROM cp_referral_fact WHERE referral_id = ?", id);
			case "Task" -> {
				String referral = previousReferral(id);
				database.update("DELETE FROM cp_referral_task_fact WHERE task_id = ?", id);
				if (referral != null) {
					refreshService(referral);
				}
			}
			case "EpisodeOfCare" -> {
				database.update("DELETE FROM cp_case_fact WHERE episode_id = ?", id);
				database.update("UPDATE cp_referral_fact SET specialty_code = NULL WHERE episode_id = ?", id);
			}
			case "Coverage" -> {
				String payer = database.query("SELECT payer FROM cp_coverage_fact WHERE coverage_id = ?",
						rows -> rows.next() ? rows.getString(1) : null, id);
				database.update("DELETE FROM cp_coverage_fact WHERE coverage_id = ?", id);
				database.update("UPDATE cp_referral_fact SET payer = NULL WHERE coverage_id = ?", id);
				return payers(payer, null);
			}
			case "Goal" -> database.update("DELETE FROM cp_goal_fact WHERE goal_id = ?", id);
			case "CarePlan" -> database.update("DELETE FROM cp_plan_goal_fact WHERE careplan_id = ?", id);
			case "Group" -> database.update("DELETE FROM cp_payer_group WHERE group_id = ?", id);
			default -> {
			}
		}
		return Set.of();
	}

	/** The beneficiaries of the payer's active coverages. */
	Set<String> membersOf(String payer) {
		return Set.copyOf(database.queryForList(
				"SELECT DISTINCT beneficiary_id FROM cp_coverage_fact WHERE payer = ? AND active AND beneficiary_id IS NOT NULL",
				String.class, payer));
	}

	/** A referral's units used and first service, from its tasks as they now are. */
	private void refreshService(String referral) {
		database.update("""
				UPDATE cp_referral_fact SET
					units_used = (SELECT sum(units_delivered) FROM cp_referral_task_fact
						WHERE referral_id = ? AND status = 'completed'),
					first_service = (SELECT min(started) FROM cp_referral_task_fact
						WHERE referral_id = ? AND status IN ('in-progress', 'on-hold', 'completed'))
				WHERE referral_id = ?""", referral, referral, referral);
	}

	private String previousReferral(String task) {
		return database.query("SELECT referral_id FROM cp_referral_task_fact WHERE task_id = ?",
				rows -> rows.next() ? rows.getString(1) : null, task);
	}

	private static Set<String> payers(String before, String after) {
		return Stream.of(before, after).filter(payer -> payer != null).collect(Collectors.toUnmodifiableSet());
	}

	private static Date sql(LocalDate date) {
		return date == null ? null : Date.valueOf(date);
	}

	private static String system(Coding coding) {
		return coding == null ? null : coding.getSystem();
	}

	private static String code(Coding coding) {
		return coding == null ? null : coding.getCode();
	}

}
