package org.careplanfhir.server.utilization;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import io.restassured.specification.RequestSpecification;

/**
 * A small population whose every figure is known in advance: two payers, eight members, their
 * cases, 48 referrals in every status (some outside the period, some without insurance, case,
 * performer type or quantity), their tracking Tasks, and care plans with goals. Built from plain
 * rules on the referral's number; the expected figures are computed here from the same rules,
 * without the server, so a test compares two independent answers.
 */
final class UtilizationDataset {

	static final String SPECIALTIES = "http://careplan-fhir.org/fhir/CodeSystem/cm-specialty";

	static final String SERVICES = "urn:test:utilization-services";

	static final String PERFORMERS = "urn:test:utilization-performers";

	static final LocalDate PERIOD_START = LocalDate.of(2031, 1, 1);

	static final LocalDate PERIOD_END = LocalDate.of(2031, 3, 31);

	static final int PATIENTS = 8;

	static final int REFERRALS = 48;

	private static final String[] SPECIALTY = { "nurse-cm", "medical-cm", "rehab-cm" };

	private static final String[] SPECIALTY_DISPLAY = { "Nurse case management", "Medical case management",
			"Rehabilitation case management" };

	private static final String[] STATUS = { "active", "completed", "revoked", "on-hold", "completed", "draft",
			"entered-in-error" };

	private static final String[] SERVICE = { "physio", "occupational", "home-care" };

	final String suffix = Long.toString(System.nanoTime(), 36);

	final String payerA = "pay-a-" + suffix;

	final String payerB = "pay-b-" + suffix;

	final String manager = "u-cm-" + suffix;

	final List<Referral> referrals = new ArrayList<>();

	final List<PlanGoal> goals = new ArrayList<>();

	/** A new dataset, stored in one transaction through the FHIR endpoint. */
	static UtilizationDataset stored(Supplier<RequestSpecification> fhir) {
		UtilizationDataset data = new UtilizationDataset();
		fhir.get().body(data.transaction()).post("/").then().statusCode(200);
		return data;
	}

	private UtilizationDataset() {
		for (int n = 0; n < REFERRALS; n++) {
			referrals.add(referral(n));
		}
		for (int i = 0; i < PATIENTS; i++) {
			LocalDate planEnd = i == 7 ? LocalDate.of(2031, 5, 10) : LocalDate.of(2031, 1 + i % 3, 15);
			goals.add(new PlanGoal(goal(i, 1), i, planEnd, true));
			goals.add(new PlanGoal(goal(i, 2), i, planEnd, false));
		}
	}

	String patient(int i) {
		return "u-p" + i + "-" + suffix;
	}

	/** Even patients are payer A's members, odd ones payer B's. */
	String payerOf(int patient) {
		return "Organization/" + (patient % 2 == 0 ? payerA : payerB);
	}

	String specialtyOf(int patient) {
		return SPECIALTY[patient % 3];
	}

	String goal(int patient, int which) {
		return "u-g" + patient + "-" + which + "-" + suffix;
	}

	private Referral referral(int n) {
		int patient = n % PATIENTS;
		LocalDate authored = switch (n % 12) {
			case 11 -> LocalDate.of(2030, 12, 31);
			case 10 -> LocalDate.of(2031, 4, 1);
			default -> LocalDate.of(2031, 1 + n % 3, 1 + (n * 7) % 28);
		};
		String status = STATUS[n % 7];
		Integer quantity = n % 5 == 0 ? null : n % 4 + 4;
		String performer = n % 4 == 3 ? null : (n % 2 == 0 ? "pt" : "ot");
		boolean insured = n % 9 != 4;
		boolean inCase = n % 10 != 7;
		Integer daysToService = null;
		Integer unitsUsed = null;
		if ("completed".equals(status)) {
			daysToService = n % 6 + 1;
			unitsUsed = quantity != null && n % 3 != 0 ? quantity - 1 : null;
		}
		else if (("active".equals(status) || "on-hold".equals(status)) && n % 2 == 0) {
			daysToService = n % 4;
		}
		return new Referral("u-sr" + n + "-" + suffix, n, patient, authored, status, SERVICE[(n / 3) % 3], performer,
				quantity, insured, inCase, daysToService, unitsUsed);
	}

	/** Everything, as one transaction Bundle of PUTs, so every id is known. */
	String transaction() {
		List<String> entries = new ArrayList<>();
		entries.add(put("Practitioner", manager, "{\"resourceType\":\"Practitioner\",\"id\":\"" + manager
				+ "\",\"name\":[{\"family\":\"Manager\"}]}"));
		for (String payer : List.of(payerA, payerB)) {
			entries.add(put("Organization", payer, "{\"resourceType\":\"Organization\",\"id\":\"" + payer
					+ "\",\"active\":true,\"name\":\"Plan " + payer + "\"}"));
		}
		for (int i = 0; i < PATIENTS; i++) {
			String patient = patient(i);
			entries.add(put("Patient", patient, "{\"resourceType\":\"Patient\",\"id\":\"" + patient
					+ "\",\"identifier\":[{\"system\":\"urn:test:members\",\"value\":\"" + patient + "\"}],"
					+ "\"name\":[{\"family\":\"Member" + i + suffix + "\"}],\"gender\":\"female\"}"));
			entries.add(put("Coverage", "u-cov" + i + "-" + suffix, "{\"resourceType\":\"Coverage\",\"id\":\"u-cov" + i + "-"
					+ suffix + "\",\"status\":\"active\",\"beneficiary\":{\"reference\":\"Patient/" + patient
					+ "\"},\"payor\":[{\"reference\":\"" + payerOf(i) + "\"}]}"));
			entries.add(put("EpisodeOfCare", "u-case" + i + "-" + suffix, "{\"resourceType\":\"EpisodeOfCare\",\"id\":\"u-case"
					+ i + "-" + suffix + "\",\"status\":\"active\",\"type\":[{\"coding\":[{\"system\":\"" + SPECIALTIES
					+ "\",\"code\":\"" + specialtyOf(i) + "\",\"display\":\"" + SPECIALTY_DISPLAY[i % 3] + "\"}]}],"
					+ "\"patient\":{\"reference\":\"Patient/" + patient + "\"},\"period\":{\"start\":\"2030-06-01\"},"
					+ "\"careManager\":{\"reference\":\"Practitioner/" + manager + "\"}}"));
		}
		// Patient 7 once had payer A: a cancelled coverage makes nobody a member.
		entries.add(put("Coverage", "u-cov-old-" + suffix, "{\"resourceType\":\"Coverage\",\"id\":\"u-cov-old-" + suffix
				+ "\",\"status\":\"cancelled\",\"beneficiary\":{\"reference\":\"Patient/" + patient(7)
				+ "\"},\"payor\":[{\"reference\":\"Organization/" + payerA + "\"}]}"));
		for (Referral referral : referrals) {
			entries.add(put("ServiceRequest", referral.id(), serviceRequest(referral)));
			for (String task : tasks(referral)) {
				String id = "u-task" + referral.number() + "-" + entries.size() + "-" + suffix;
				entries.add(put("Task", id, task.replace("\"resourceType\":\"Task\"", "\"resourceType\":\"Task\",\"id\":\"" + id + "\"")));
			}
		}
		for (int i = 0; i < PATIENTS; i++) {
			int patient = i;
			List<PlanGoal> own = goals.stream().filter(goal -> goal.patient() == patient).toList();
			for (PlanGoal goal : own) {
				entries.add(put("Goal", goal.id(), goalResource(goal)));
			}
			String plan = "u-plan" + i + "-" + suffix;
			entries.add(put("CarePlan", plan, "{\"resourceType\":\"CarePlan\",\"id\":\"" + plan + "\",\"extension\":[{\"url\":"
					+ "\"http://hl7.org/fhir/StructureDefinition/workflow-episodeOfCare\",\"valueReference\":{\"reference\":"
					+ "\"EpisodeOfCare/u-case" + i + "-" + suffix + "\"}}],\"status\":\"active\",\"intent\":\"plan\","
					+ "\"subject\":{\"reference\":\"Patient/" + patient(i) + "\"},\"period\":{\"start\":\"2030-07-01\",\"end\":\""
					+ own.get(0).planEnd() + "\"},\"goal\":[" + own.stream().map(goal -> "{\"reference\":\"Goal/" + goal.id() + "\"}")
						.collect(Collectors.joining(",")) + "]}"));
		}
		return "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[" + String.join(",", entries) + "]}";
	}

	private String serviceRequest(Referral referral) {
		StringBuilder json = new StringBuilder("{\"resourceType\":\"ServiceRequest\",\"id\":\"" + referral.id() + "\"");
		if (referral.inCase()) {
			json.append(",\"extension\":[{\"url\":\"http://hl7.org/fhir/StructureDefinition/workflow-episodeOfCare\","
					+ "\"valueReference\":{\"reference\":\"EpisodeOfCare/u-case" + referral.patient() + "-" + suffix + "\"}}]");
		}
		json.append(",\"status\":\"").append(referral.status()).append("\",\"intent\":\"order\"");
		json.append(",\"code\":{\"coding\":[{\"system\":\"" + SERVICES + "\",\"code\":\"" + referral.service() + "\"}]}");
		if (referral.quantity() != null) {
			json.append(",\"quantityQuantity\":{\"value\":").append(referral.quantity()).append(",\"unit\":\"visits\"}");
		}
		json.append(",\"subject\":{\"reference\":\"Patient/" + patient(referral.patient()) + "\"}");
		json.append(",\"authoredOn\":\"").append(referral.authored()).append("\"");
		if (referral.performer() != null) {
			json.append(",\"performerType\":{\"coding\":[{\"system\":\"" + PERFORMERS + "\",\"code\":\"" + referral.performer()
					+ "\"}]}");
		}
		if (referral.insured()) {
			json.append(",\"insurance\":[{\"reference\":\"Coverage/u-cov" + referral.patient() + "-" + suffix + "\"}]");
		}
		return json.append("}").toString();
	}

	/** Its tracking tasks: the one that gives the first service and the units, and tasks that must not count. */
	private List<String> tasks(Referral referral) {
		List<String> tasks = new ArrayList<>();
		String common = "\"intent\":\"order\",\"code\":{\"coding\":[{\"system\":\"http://hl7.org/fhir/CodeSystem/task-code\","
				+ "\"code\":\"fulfill\"}]},\"focus\":{\"reference\":\"ServiceRequest/" + referral.id() + "\"},\"for\":{\"reference\":"
				+ "\"Patient/" + patient(referral.patient()) + "\"},\"authoredOn\":\"" + referral.authored() + "\"";
		if (referral.daysToService() != null) {
			String status = "completed".equals(referral.status()) ? "completed" : "in-progress";
			String output = referral.unitsUsed() == null ? "" : ",\"output\":[{\"type\":{\"coding\":[{\"system\":"
					+ "\"http://careplan-fhir.org/fhir/CodeSystem/cm-measure\",\"code\":\"units-delivered\"}]},"
					+ "\"valueQuantity\":{\"value\":" + referral.unitsUsed() + ",\"unit\":\"visits\"}}]";
			tasks.add("{\"resourceType\":\"Task\",\"status\":\"" + status + "\"," + common + ",\"executionPeriod\":{\"start\":\""
					+ referral.authored().plusDays(referral.daysToService()) + "\"}" + output + "}");
			// A cancelled task that began earlier: neither its start nor its units count.
			if (referral.number() % 4 == 0) {
				tasks.add("{\"resourceType\":\"Task\",\"status\":\"cancelled\"," + common + ",\"executionPeriod\":{\"start\":\""
						+ referral.authored() + "\"},\"output\":[{\"type\":{\"coding\":[{\"system\":"
						+ "\"http://careplan-fhir.org/fhir/CodeSystem/cm-measure\",\"code\":\"units-delivered\"}]},"
						+ "\"valueQuantity\":{\"value\":99}}]}");
			}
		}
		else if (!"draft".equals(referral.status())) {
			tasks.add("{\"resourceType\":\"Task\",\"status\":\"requested\"," + common + "}");
		}
		return tasks;
	}

	private String goalResource(PlanGoal goal) {
		int i = goal.patient();
		boolean first = goal.achievedInTime();
		String statusDate = first ? goal.planEnd().minusDays(5).toString()
				: (i % 2 == 0 ? goal.planEnd().plusDays(3).toString() : null);
		String achievement = first || i % 2 == 0 ? "achieved" : "in-progress";
		return "{\"resourceType\":\"Goal\",\"id\":\"" + goal.id() + "\",\"lifecycleStatus\":\"active\",\"achievementStatus\":"
				+ "{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/goal-achievement\",\"code\":\"" + achievement
				+ "\"}]},\"description\":{\"text\":\"Goal " + goal.id() + "\"},\"subject\":{\"reference\":\"Patient/" + patient(i)
				+ "\"}" + (statusDate == null ? "" : ",\"statusDate\":\"" + statusDate + "\"") + "}";
	}

	private static String put(String type, String id, String resource) {
		return "{\"resource\":" + resource + ",\"request\":{\"method\":\"PUT\",\"url\":\"" + type + "/" + id + "\"}}";
	}

	// ---- the expected figures, from the rules above ----

	/** The referrals of the period: authored within it, neither draft nor entered-in-error. */
	List<Referral> counted(Predicate<Referral> whose) {
		return referrals.stream()
			.filter(r -> !r.authored().isBefore(PERIOD_START) && !r.authored().isAfter(PERIOD_END))
			.filter(r -> !"draft".equals(r.status()) && !"entered-in-error".equals(r.status()))
			.filter(whose)
			.toList();
	}

	/** Each stratifier's value of a referral, written as the report writes it (code, or text). */
	Map<String, Function<Referral, String>> stratifiers() {
		Map<String, Function<Referral, String>> by = new LinkedHashMap<>();
		by.put("service", Referral::service);
		by.put("specialty", r -> r.inCase() ? specialtyOf(r.patient()) : "unknown");
		by.put("payer", r -> r.insured() ? payerOf(r.patient()) : "unknown");
		by.put("month", r -> r.authored().toString().substring(0, 7));
		by.put("performer-type", r -> r.performer() == null ? "unknown" : r.performer());
		return by;
	}

	static Map<String, List<Referral>> strata(List<Referral> referrals, Function<Referral, String> value) {
		return referrals.stream().collect(Collectors.groupingBy(value, TreeMap::new, Collectors.toList()));
	}

	static double percentile(List<Integer> values, double fraction) {
		List<Integer> sorted = values.stream().sorted().toList();
		double position = fraction * (sorted.size() - 1);
		int below = (int) Math.floor(position);
		int above = (int) Math.ceil(position);
		return sorted.get(below) + (position - below) * (sorted.get(above) - sorted.get(below));
	}

	/** The goals of plans ending in the period. */
	List<PlanGoal> countedGoals(Predicate<PlanGoal> whose) {
		return goals.stream()
			.filter(goal -> !goal.planEnd().isBefore(PERIOD_START) && !goal.planEnd().isAfter(PERIOD_END))
			.filter(whose)
			.toList();
	}

	record Referral(String id, int number, int patient, LocalDate authored, String status, String service,
			String performer, Integer quantity, boolean insured, boolean inCase, Integer daysToService,
			Integer unitsUsed) {
	}

	/** @param achievedInTime whether it was achieved by the plan's end */
	record PlanGoal(String id, int patient, LocalDate planEnd, boolean achievedInTime) {
	}

}
