package org.careplanfhir.server.utilization;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Coverage;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Goal;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Type;

/**
 * What each kind of record contributes to the summary tables, read from the resource alone: the
 * fields the measures count and stratify by.
 */
final class FactRows {

	static final String SPECIALTY_SYSTEM = "http://careplan-fhir.org/fhir/CodeSystem/cm-specialty";

	static final String MEASURE_CODES = "http://careplan-fhir.org/fhir/CodeSystem/cm-measure";

	static final String EPISODE_EXTENSION = "http://hl7.org/fhir/StructureDefinition/workflow-episodeOfCare";

	static final String TASK_CODES = "http://hl7.org/fhir/CodeSystem/task-code";

	private FactRows() {
	}

	record Referral(String id, String patient, LocalDate authored, String status, Coding service, Coding performerType,
			String episode, String coverage, BigDecimal unitsAuthorized) {

		static Referral of(ServiceRequest request) {
			return new Referral(request.getIdElement().getIdPart(), idOf(request.getSubject(), "Patient"),
					date(request.getAuthoredOnElement()), request.hasStatus() ? request.getStatus().toCode() : null,
					first(request.getCode()), first(request.getPerformerType()),
					idOf(extensionReference(request.getExtensionByUrl(EPISODE_EXTENSION)), "EpisodeOfCare"),
					request.getInsurance().stream().map(insurance -> idOf(insurance, "Coverage"))
						.filter(id -> id != null).findFirst().orElse(null),
					request.hasQuantityQuantity() && request.getQuantityQuantity().hasValue()
							? request.getQuantityQuantity().getValue() : null);
		}

	}

	/** A referral Task ({@code code} fulfill, {@code focus} a ServiceRequest); null for any other Task. */
	record ReferralTask(String id, String referral, String status, LocalDate started, BigDecimal unitsDelivered) {

		static ReferralTask of(Task task) {
			boolean fulfill = task.getCode().getCoding().stream()
				.anyMatch(coding -> TASK_CODES.equals(coding.getSystem()) && "fulfill".equals(coding.getCode()));
			String referral = idOf(task.getFocus(), "ServiceRequest");
			if (!fulfill || referral == null) {
				return null;
			}
			BigDecimal units = null;
			for (Task.TaskOutputComponent output : task.getOutput()) {
				boolean delivered = output.getType().getCoding().stream()
					.anyMatch(coding -> MEASURE_CODES.equals(coding.getSystem()) && "units-delivered".equals(coding.getCode()));
				BigDecimal value = delivered ? number(output.getValue()) : null;
				if (value != null) {
					units = units == null ? value : units.add(value);
				}
			}
			return new ReferralTask(task.getIdElement().getIdPart(), referral,
					task.hasStatus() ? task.getStatus().toCode() : null,
					date(task.getExecutionPeriod().getStartElement()), units);
		}

	}

	record Case(String id, String patient, Coding specialty) {

		static Case of(EpisodeOfCare episode) {
			Coding specialty = episode.getType().stream()
				.flatMap(type -> type.getCoding().stream())
				.filter(coding -> SPECIALTY_SYSTEM.equals(coding.getSystem()))
				.findFirst().orElse(null);
			return new Case(episode.getIdElement().getIdPart(), idOf(episode.getPatient(), "Patient"), specialty);
		}

	}

	/** A coverage counts its beneficiary as the payer's member while its status is active. */
	record CoverageRow(String id, String beneficiary, String payer, boolean active) {

		static CoverageRow of(Coverage coverage) {
			String payer = coverage.getPayor().stream()
				.map(payor -> idOf(payor, "Organization"))
				.filter(id -> id != null).findFirst().map(id -> "Organization/" + id).orElse(null);
			return new CoverageRow(coverage.getIdElement().getIdPart(), idOf(coverage.getBeneficiary(), "Patient"), payer,
					coverage.getStatus() == Coverage.CoverageStatus.ACTIVE);
		}

	}

	record GoalRow(String id, String patient, String lifecycle, String achievement, LocalDate statusDate) {

		static GoalRow of(Goal goal) {
			String achievement = goal.getAchievementStatus().getCoding().stream().map(Coding::getCode)
				.filter(code -> code != null).findFirst().orElse(null);
			return new GoalRow(goal.getIdElement().getIdPart(), idOf(goal.getSubject(), "Patient"),
					goal.hasLifecycleStatus() ? goal.getLifecycleStatus().toCode() : null, achievement,
					date(goal.getStatusDateElement()));
		}

	}

	record PlanGoal(String plan, String goal, String patient, String planStatus, LocalDate periodEnd, String episode) {

		static List<PlanGoal> of(CarePlan plan) {
			String id = plan.getIdElement().getIdPart();
			String episode = idOf(extensionReference(plan.getExtensionByUrl(EPISODE_EXTENSION)), "EpisodeOfCare");
			return plan.getGoal().stream()
				.map(goal -> idOf(goal, "Goal"))
				.filter(goal -> goal != null)
				.distinct()
				.map(goal -> new PlanGoal(id, goal, idOf(plan.getSubject(), "Patient"),
						plan.hasStatus() ? plan.getStatus().toCode() : null, date(plan.getPeriod().getEndElement()), episode))
				.toList();
		}

	}

	/** The id a reference names when it names this type; null otherwise. */
	static String idOf(Reference reference, String type) {
		if (reference == null || !reference.hasReferenceElement()) {
			return null;
		}
		var element = reference.getReferenceElement();
		return type.equals(element.getResourceType()) && element.hasIdPart() ? element.getIdPart() : null;
	}

	private static Reference extensionReference(Extension extension) {
		return extension != null && extension.getValue() instanceof Reference reference ? reference : null;
	}

	private static Coding first(CodeableConcept concept) {
		return concept.getCoding().stream().filter(Coding::hasCode).findFirst().orElse(null);
	}

	private static Coding first(List<CodeableConcept> concepts) {
		return concepts.stream().map(FactRows::first).filter(coding -> coding != null).findFirst().orElse(null);
	}

	private static BigDecimal number(Type value) {
		if (value instanceof Quantity quantity && quantity.hasValue()) {
			return quantity.getValue();
		}
		if (value instanceof IntegerType integer && integer.hasValue()) {
			return BigDecimal.valueOf(integer.getValue());
		}
		return null;
	}

	/**
	 * The calendar day a date or date-time names, as written (in its own time zone): the day the
	 * measures count it on. A year or a month alone counts as its first day.
	 */
	static LocalDate date(BaseDateTimeType value) {
		if (value == null || value.getValue() == null) {
			return null;
		}
		return LocalDate.of(value.getYear(), value.getMonth() == null ? 1 : value.getMonth() + 1,
				value.getDay() == null ? 1 : value.getDay());
	}

}
