package org.careplanfhir.bench.population;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Coverage;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Goal;
import org.hl7.fhir.r4.model.Narrative;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;

import static org.careplanfhir.bench.population.Codes.concept;

/**
 * A deterministic case-management population: the same seed always gives the same resources, byte
 * for byte, and patient {@code n} does not depend on how many patients are asked for. Each patient
 * has a case of one specialty (mix configurable) with its care team, goals, care plan, referrals and
 * their tracking tasks, conditions and coverage; payers and practitioners are shared and come in a
 * bundle of their own, loaded first. Every resource conforms to the case-management profiles.
 */
public final class PopulationGenerator {

	/** "Today" for the population: dates are spread over the five years before it. */
	static final LocalDate AS_OF = LocalDate.of(2026, 11, 1);

	static final int PAYERS = 3;

	static final int PRACTITIONERS_PER_ROLE = 8;

	private static final String[] GIVEN = { "Ana", "Ben", "Chloe", "Dev", "Elena", "Farid", "Grace", "Hugo", "Iris",
			"Jonah", "Keiko", "Liam", "Maya", "Nikolai", "Olga", "Priya", "Quentin", "Rosa", "Sam", "Tariq" };

	private static final String[] FAMILY = { "Alvarez", "Brooks", "Chen", "Diallo", "Ellis", "Fischer", "Garcia",
			"Hansen", "Ito", "Jones", "Kowalski", "Lopez", "Mensah", "Nguyen", "Okafor", "Park", "Quinn", "Reyes",
			"Singh", "Turner" };

	private static final String[] PAYER_NAMES = { "Prairie Health Plan", "Lakeside Mutual", "Summit Care Insurance" };

	/** Practitioner roles beside the case managers: code, display. */
	private static final String[][] CLINICIAN_ROLES = { { "224535009", "Registered nurse (occupation)" },
			{ "76899008", "Infectious disease specialist (occupation)" }, { "22731001", "Orthopedic surgeon (occupation)" },
			{ "36682004", "Physiotherapist (occupation)" }, { "80546007", "Occupational therapist (occupation)" } };

	private final long seed;

	private final int[] mix;

	private final String prefix;

	/**
	 * @param seed the population's seed; also part of every id, so populations of different seeds
	 * can share a server
	 * @param mix relative weights of nurse, medical and rehabilitation cases
	 */
	public PopulationGenerator(long seed, int nurse, int medical, int rehab) {
		this.seed = seed;
		this.mix = new int[] { nurse, medical, rehab };
		this.prefix = "s" + seed;
		if (nurse < 0 || medical < 0 || rehab < 0 || nurse + medical + rehab == 0) {
			throw new IllegalArgumentException("the specialty mix needs at least one positive weight");
		}
	}

	/** Payers and practitioners, as a transaction of PUTs, to load before any patient. */
	public Bundle shared() {
		List<Resource> resources = new ArrayList<>();
		for (int p = 1; p <= PAYERS; p++) {
			Organization payer = new Organization();
			payer.setId(id("org", p));
			payer.addIdentifier().setSystem("urn:careplan:bench:payer").setValue(prefix + "-payer-" + p);
			payer.setActive(true);
			payer.addType(concept("http://terminology.hl7.org/CodeSystem/organization-type", "pay", "Payer"));
			payer.setName(PAYER_NAMES[p - 1]);
			resources.add(payer);
		}
		Random random = new Random(seed);
		for (String role : practitionerRoles()) {
			for (int n = 1; n <= PRACTITIONERS_PER_ROLE; n++) {
				Practitioner practitioner = new Practitioner();
				practitioner.setId(practitionerId(role, n));
				practitioner.addIdentifier()
					.setSystem("urn:careplan:bench:practitioner")
					.setValue(practitioner.getIdElement().getIdPart());
				practitioner.addName().setFamily(pick(random, FAMILY)).addGiven(pick(random, GIVEN));
				resources.add(practitioner);
			}
		}
		return transaction(resources);
	}

	/** Everything about patient {@code index} (1-based), as a transaction of PUTs. */
	public Bundle patient(int index) {
		Random random = new Random(seed * 1_000_003L + index);
		Specialty specialty = specialty(random);
		PatientContext c = new PatientContext(index, specialty, random);
		List<Resource> resources = new ArrayList<>();
		resources.add(patient(c));
		resources.add(caregiver(c));
		resources.add(coverage(c));
		resources.add(condition(c));
		resources.add(episode(c));
		resources.add(careTeam(c));
		List<Goal> goals = goals(c);
		resources.addAll(goals);
		List<ServiceRequest> referrals = referrals(c, goals);
		resources.add(carePlan(c, goals, referrals));
		resources.addAll(referrals);
		for (ServiceRequest referral : referrals) {
			resources.add(trackingTask(c, referral));
		}
		if (specialty == Specialty.MEDICAL) {
			// The medical scenario's records are about HIV: restricted and labelled as such.
			for (Resource resource : resources) {
				resource.getMeta().addSecurity("http://terminology.hl7.org/CodeSystem/v3-Confidentiality", "R", "restricted");
				resource.getMeta().addSecurity("http://terminology.hl7.org/CodeSystem/v3-ActCode", "HIV",
						"HIV/AIDS information sensitivity");
			}
		}
		return transaction(resources);
	}

	/** What one patient's resources need to know about each other. */
	private final class PatientContext {

		final int index;

		final Specialty specialty;

		final Random random;

		final LocalDate start;

		final boolean closed;

		final String caseManager;

		PatientContext(int index, Specialty specialty, Random random) {
			this.index = index;
			this.specialty = specialty;
			this.random = random;
			this.start = AS_OF.minusDays(14 + random.nextInt(5 * 365));
			this.closed = start.isBefore(AS_OF.minusDays(365)) && random.nextInt(3) > 0;
			this.caseManager = practitionerId("cm-" + specialty.code, 1 + random.nextInt(PRACTITIONERS_PER_ROLE));
		}

		String id(String kind) {
			return PopulationGenerator.this.id(kind, index);
		}

		String id(String kind, int n) {
			return PopulationGenerator.this.id(kind, index) + "-" + n;
		}

		LocalDate daysAfterStart(int days) {
			return start.plusDays(days);
		}

		/** A goal started at the case start and due {@code dueDays} later: has it been reached by now? */
		boolean reached(int dueDays) {
			return closed || daysAfterStart(dueDays).isBefore(AS_OF) && random.nextInt(4) > 0;
		}

	}

	private Patient patient(PatientContext c) {
		Patient patient = new Patient();
		patient.setId(c.id("pat"));
		patient.getMeta().addProfile(Codes.CM + "StructureDefinition/cm-patient");
		patient.addIdentifier().setSystem("urn:careplan:bench:mrn").setValue(prefix + "-" + c.index);
		patient.addName().setFamily(pick(c.random, FAMILY)).addGiven(pick(c.random, GIVEN));
		patient.setGender(c.random.nextBoolean() ? AdministrativeGender.FEMALE : AdministrativeGender.MALE);
		int age = switch (c.specialty) {
			case NURSE -> 65 + c.random.nextInt(26);
			case MEDICAL -> 25 + c.random.nextInt(46);
			case REHAB -> 50 + c.random.nextInt(36);
		};
		patient.setBirthDateElement(new DateType(day(AS_OF.minusYears(age).minusDays(c.random.nextInt(365)))));
		return patient;
	}

	private RelatedPerson caregiver(PatientContext c) {
		RelatedPerson caregiver = new RelatedPerson();
		caregiver.setId(c.id("rp"));
		caregiver.setPatient(ref("Patient", c.id("pat")));
		caregiver.addRelationship(concept("http://terminology.hl7.org/CodeSystem/v3-RoleCode", "DAU", "daughter"));
		caregiver.addName().setFamily(pick(c.random, FAMILY)).addGiven(pick(c.random, GIVEN));
		return caregiver;
	}

	private Coverage coverage(PatientContext c) {
		Coverage coverage = new Coverage();
		coverage.setId(c.id("cov"));
		coverage.setStatus(Coverage.CoverageStatus.ACTIVE);
		coverage.setType(concept("http://terminology.hl7.org/CodeSystem/v3-ActCode", "HIP", "health insurance plan policy"));
		coverage.setSubscriberId(prefix + "-member-" + c.index);
		coverage.setBeneficiary(ref("Patient", c.id("pat")));
		coverage.setRelationship(concept("http://terminology.hl7.org/CodeSystem/subscriber-relationship", "self", "Self"));
		coverage.setPeriod(new Period().setStartElement(new DateTimeType(day(c.start.withDayOfYear(1)))));
		coverage.addPayor(ref("Organization", id("org", 1 + c.random.nextInt(PAYERS))));
		return coverage;
	}

	private Condition condition(PatientContext c) {
		Condition condition = new Condition();
		condition.setId(c.id("cond"));
		condition.setClinicalStatus(concept("http://terminology.hl7.org/CodeSystem/condition-clinical", "active"));
		condition.setVerificationStatus(
				concept("http://terminology.hl7.org/CodeSystem/condition-ver-status", "confirmed"));
		condition.addCategory(concept("http://terminology.hl7.org/CodeSystem/condition-category", "problem-list-item"));
		condition.setCode(switch (c.specialty) {
			case NURSE -> concept(Codes.SCT, "44054006", "Diabetes mellitus type 2");
			case MEDICAL -> concept(Codes.SCT, "86406008", "Human immunodeficiency virus infection");
			case REHAB -> concept(Codes.SCT, "239872002", "Osteoarthritis of hip");
		});
		condition.setSubject(ref("Patient", c.id("pat")));
		return condition;
	}

	private EpisodeOfCare episode(PatientContext c) {
		EpisodeOfCare episode = new EpisodeOfCare();
		episode.setId(c.id("case"));
		episode.getMeta().addProfile(Codes.CM + "StructureDefinition/cm-case");
		String[] acuities = { "low", "moderate", "high", "complex" };
		episode.addExtension(new Extension(Codes.ACUITY_EXTENSION,
				concept(Codes.ACUITY, acuities[c.random.nextInt(acuities.length)])));
		episode.setStatus(c.closed ? EpisodeOfCare.EpisodeOfCareStatus.FINISHED : EpisodeOfCare.EpisodeOfCareStatus.ACTIVE);
		episode.addType(concept(Codes.SPECIALTY, c.specialty.code));
		episode.addDiagnosis().setCondition(ref("Condition", c.id("cond")));
		episode.setPatient(ref("Patient", c.id("pat")));
		episode.setPeriod(period(c));
		episode.setCareManager(ref("Practitioner", c.caseManager));
		episode.addTeam(ref("CareTeam", c.id("team")));
		return episode;
	}

	private CareTeam careTeam(PatientContext c) {
		CareTeam team = new CareTeam();
		team.setId(c.id("team"));
		team.getMeta().addProfile(Codes.CM + "StructureDefinition/cm-careteam");
		team.addExtension(new Extension(Codes.EPISODE_EXTENSION, ref("EpisodeOfCare", c.id("case"))));
		team.setStatus(c.closed ? CareTeam.CareTeamStatus.INACTIVE : CareTeam.CareTeamStatus.ACTIVE);
		team.addCategory(concept(Codes.LOINC, "LA27977-0", "Episode of care-focused care team"));
		team.setSubject(ref("Patient", c.id("pat")));
		team.addParticipant()
			.addRole(concept(Codes.SCT, c.specialty.caseManagerRole, c.specialty.caseManagerRoleDisplay))
			.setMember(ref("Practitioner", c.caseManager))
			.setPeriod(new Period().setStartElement(new DateTimeType(day(c.start))));
		for (String[] role : clinicians(c.specialty)) {
			team.addParticipant()
				.addRole(concept(Codes.SCT, role[0], role[1]))
				.setMember(ref("Practitioner", practitionerId(role[0], 1 + c.random.nextInt(PRACTITIONERS_PER_ROLE))));
		}
		team.addParticipant()
			.addRole(concept(Codes.SCT, "133932002", "Caregiver (person)"))
			.setMember(ref("RelatedPerson", c.id("rp")));
		team.addParticipant()
			.addRole(concept(Codes.SCT, "116154003", "Patient (person)"))
			.setMember(ref("Patient", c.id("pat")));
		return team;
	}

	private List<Goal> goals(PatientContext c) {
		List<Goal> goals = new ArrayList<>();
		switch (c.specialty) {
			case NURSE -> {
				goals.add(goal(c, 1, "short-term", "Attend every scheduled visit for 30 days", 30, null));
				Goal hba1c = goal(c, 2, "long-term", "HbA1c below 8% within 6 months", 182, null);
				hba1c.getTargetFirstRep()
					.setMeasure(concept(Codes.LOINC, "4548-4", "Hemoglobin A1c/Hemoglobin.total in Blood"))
					.setDetail(new Quantity().setValue(8)
						.setComparator(Quantity.QuantityComparator.LESS_THAN)
						.setUnit("%")
						.setSystem("http://unitsofmeasure.org")
						.setCode("%"));
				goals.add(hba1c);
			}
			case MEDICAL -> {
				Goal viralLoad = goal(c, 1, "long-term", "HIV viral load undetectable within 6 months", 182, null);
				viralLoad.getTargetFirstRep()
					.setMeasure(concept(Codes.LOINC, "20447-9",
							"HIV 1 RNA [#/volume] (viral load) in Serum or Plasma by NAA with probe detection"))
					.setDetail(concept(Codes.SCT, "260415000", "Not detected"));
				goals.add(viralLoad);
			}
			case REHAB -> {
				Goal walking = goal(c, 1, "short-term", "Walk 50 feet with two turns without help", 42, null);
				walking.getTargetFirstRep()
					.setMeasure(concept(Codes.LOINC, "89381-8",
							"Walk 50 feet with two turns - functional goal during assessment period [CMS Assessment]"));
				goals.add(walking);
				Goal dressing = goal(c, 2, "short-term", "Dress the upper body without help", 84, walking);
				dressing.getTargetFirstRep()
					.setMeasure(concept(Codes.LOINC, "89387-5",
							"Upper body dressing - functional goal during assessment period [CMS Assessment]"));
				goals.add(dressing);
			}
		}
		return goals;
	}

	/** A goal starting with the case; achieved once its due date has passed (mostly), else in progress. */
	private Goal goal(PatientContext c, int n, String horizon, String description, int dueDays, Goal predecessor) {
		Goal goal = new Goal();
		goal.setId(c.id("goal", n));
		goal.getMeta().addProfile(Codes.CM + "StructureDefinition/cm-goal");
		boolean predecessorReached = predecessor == null || isAchieved(predecessor);
		boolean reached = predecessorReached && c.reached(dueDays);
		if (predecessor != null) {
			Extension relationship = goal.addExtension().setUrl(Codes.GOAL_RELATIONSHIP);
			relationship.addExtension("type",
					concept("http://terminology.hl7.org/CodeSystem/goal-relationship-type", "predecessor", "Predecessor"));
			relationship.addExtension("target", ref("Goal", predecessor.getIdElement().getIdPart()));
		}
		goal.setLifecycleStatus(reached ? Goal.GoalLifecycleStatus.COMPLETED
				: predecessorReached ? Goal.GoalLifecycleStatus.ACTIVE : Goal.GoalLifecycleStatus.ACCEPTED);
		if (reached) {
			goal.setAchievementStatus(concept(Codes.GOAL_ACHIEVEMENT, "achieved"));
		}
		else if (predecessorReached) {
			String[] progress = { "in-progress", "improving", "worsening", "no-change" };
			goal.setAchievementStatus(concept(Codes.GOAL_ACHIEVEMENT, progress[c.random.nextInt(progress.length)]));
		}
		goal.addCategory(concept(Codes.HORIZON, horizon));
		goal.getDescription().setText(description);
		goal.setSubject(ref("Patient", c.id("pat")));
		goal.setStart(new DateType(day(c.start)));
		goal.addTarget().setDue(new DateType(day(c.daysAfterStart(dueDays))));
		goal.addAddresses(ref("Condition", c.id("cond")));
		goal.setExpressedBy(ref("Practitioner", c.caseManager));
		return goal;
	}

	private List<ServiceRequest> referrals(PatientContext c, List<Goal> goals) {
		List<ServiceRequest> referrals = new ArrayList<>();
		switch (c.specialty) {
			case NURSE -> {
				ServiceRequest homeHealth = referral(c, 1, goals.get(1), "Home-health nursing visits", null, null);
				homeHealth.setQuantity(new Quantity().setValue(8 + c.random.nextInt(16)).setUnit("visits")
					.setSystem("http://unitsofmeasure.org").setCode("{visits}"));
				referrals.add(homeHealth);
				referrals.add(referral(c, 2, goals.get(1), null, "311401005", "Patient education (procedure)"));
			}
			case MEDICAL -> referrals
				.add(referral(c, 1, goals.get(0), null, "442135008", "Referral to infectious disease clinic (procedure)"));
			case REHAB -> {
				referrals.add(therapy(c, 1, goals.get(0), "444831000124102", "Referral for physical therapy (procedure)",
						"36682004", "Physiotherapist (occupation)"));
				referrals.add(therapy(c, 2, goals.get(1), "410155007", "Occupational therapy assessment (procedure)",
						"80546007", "Occupational therapist (occupation)"));
				referrals.add(referral(c, 3, null, null, "311401005", "Patient education (procedure)"));
			}
		}
		return referrals;
	}

	private ServiceRequest therapy(PatientContext c, int n, Goal goal, String code, String display, String performerType,
			String performerDisplay) {
		ServiceRequest therapy = referral(c, n, goal, null, code, display);
		therapy.getMeta().getProfile().clear();
		therapy.getMeta().addProfile(Codes.CM + "StructureDefinition/cm-therapy-referral");
		therapy.addCategory(concept(Codes.SCT, "386053000", "Evaluation procedure (procedure)"));
		therapy.setPerformerType(concept(Codes.SCT, performerType, performerDisplay));
		therapy.getOccurrenceTiming().getRepeat().setFrequency(2 + c.random.nextInt(2)).setPeriod(1)
			.setPeriodUnit(org.hl7.fhir.r4.model.Timing.UnitsOfTime.WK);
		therapy.setQuantity(new Quantity().setValue(6 + 2 * c.random.nextInt(5)).setUnit("visits")
			.setSystem("http://unitsofmeasure.org").setCode("{visits}"));
		therapy.addInsurance(ref("Coverage", c.id("cov")));
		return therapy;
	}

	/**
	 * A referral authored a few days into the case. Its status follows the goal it serves: completed
	 * once the goal is achieved, on hold while the goal waits for a predecessor, else active.
	 */
	private ServiceRequest referral(PatientContext c, int n, Goal goal, String text, String code, String display) {
		ServiceRequest referral = new ServiceRequest();
		referral.setId(c.id("sr", n));
		referral.getMeta().addProfile(Codes.CM + "StructureDefinition/cm-servicerequest");
		referral.addExtension(new Extension(Codes.EPISODE_EXTENSION, ref("EpisodeOfCare", c.id("case"))));
		if (goal != null) {
			referral.addExtension(new Extension(Codes.PERTAINS_TO_GOAL, ref("Goal", goal.getIdElement().getIdPart())));
		}
		referral.addBasedOn(ref("CarePlan", c.id("plan")));
		ServiceRequest.ServiceRequestStatus status;
		if (goal == null) {
			status = c.closed ? ServiceRequest.ServiceRequestStatus.COMPLETED : ServiceRequest.ServiceRequestStatus.ACTIVE;
		}
		else if (isAchieved(goal) || c.closed) {
			status = ServiceRequest.ServiceRequestStatus.COMPLETED;
		}
		else if (goal.getLifecycleStatus() == Goal.GoalLifecycleStatus.ACCEPTED) {
			status = ServiceRequest.ServiceRequestStatus.ONHOLD;
		}
		else {
			status = ServiceRequest.ServiceRequestStatus.ACTIVE;
		}
		referral.setStatus(status);
		referral.setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
		referral.setCode(code == null ? new CodeableConcept().setText(text) : concept(Codes.SCT, code, display));
		referral.setSubject(ref("Patient", c.id("pat")));
		referral.setAuthoredOnElement(new DateTimeType(day(c.daysAfterStart(1 + c.random.nextInt(7)))));
		referral.setRequester(ref("Practitioner", c.caseManager));
		return referral;
	}

	private CarePlan carePlan(PatientContext c, List<Goal> goals, List<ServiceRequest> referrals) {
		CarePlan plan = new CarePlan();
		plan.setId(c.id("plan"));
		plan.getMeta().addProfile(c.specialty.carePlanProfile);
		plan.addExtension(new Extension(Codes.EPISODE_EXTENSION, ref("EpisodeOfCare", c.id("case"))));
		Narrative text = new Narrative().setStatus(Narrative.NarrativeStatus.GENERATED);
		text.setDivAsString("<div xmlns=\"http://www.w3.org/1999/xhtml\">" + c.specialty.planTypeDisplay + "</div>");
		plan.setText(text);
		plan.setStatus(c.closed ? CarePlan.CarePlanStatus.COMPLETED : CarePlan.CarePlanStatus.ACTIVE);
		plan.setIntent(CarePlan.CarePlanIntent.PLAN);
		plan.addCategory(concept("http://hl7.org/fhir/us/core/CodeSystem/careplan-category", "assess-plan"));
		plan.addCategory(concept(Codes.SPECIALTY, c.specialty.code));
		plan.addCategory(concept(Codes.SCT, c.specialty.planTypeCode, c.specialty.planTypeDisplay));
		plan.setSubject(ref("Patient", c.id("pat")));
		plan.setPeriod(period(c));
		plan.addCareTeam(ref("CareTeam", c.id("team")));
		plan.addAddresses(ref("Condition", c.id("cond")));
		goals.forEach(goal -> plan.addGoal(ref("Goal", goal.getIdElement().getIdPart())));
		referrals.forEach(referral -> plan.addActivity().setReference(ref("ServiceRequest", referral.getIdElement().getIdPart())));
		return plan;
	}

	/** The tracking task of a referral: accepted and under way, completed, or waiting with it. */
	private Task trackingTask(PatientContext c, ServiceRequest referral) {
		String referralId = referral.getIdElement().getIdPart();
		Task task = new Task();
		task.setId(c.id("task", Integer.parseInt(referralId.substring(referralId.lastIndexOf('-') + 1))));
		task.getMeta().addProfile(Codes.CM + "StructureDefinition/cm-referral-task");
		task.setStatus(switch (referral.getStatus()) {
			case COMPLETED -> Task.TaskStatus.COMPLETED;
			case ONHOLD -> Task.TaskStatus.ONHOLD;
			default -> c.random.nextInt(5) == 0 ? Task.TaskStatus.REQUESTED : Task.TaskStatus.INPROGRESS;
		});
		task.setIntent(Task.TaskIntent.ORDER);
		task.setCode(concept("http://hl7.org/fhir/CodeSystem/task-code", "fulfill", "Fulfill the focal request"));
		task.setFocus(ref("ServiceRequest", referralId));
		task.setFor(ref("Patient", c.id("pat")));
		task.setAuthoredOnElement(referral.getAuthoredOnElement().copy());
		task.setRequester(ref("Practitioner", c.caseManager));
		return task;
	}

	private Period period(PatientContext c) {
		Period period = new Period().setStartElement(new DateTimeType(day(c.start)));
		if (c.closed) {
			period.setEndElement(new DateTimeType(day(c.daysAfterStart(120 + c.random.nextInt(240)))));
		}
		return period;
	}

	private Specialty specialty(Random random) {
		int pick = random.nextInt(mix[0] + mix[1] + mix[2]);
		return pick < mix[0] ? Specialty.NURSE : pick < mix[0] + mix[1] ? Specialty.MEDICAL : Specialty.REHAB;
	}

	private static List<String[]> clinicians(Specialty specialty) {
		return switch (specialty) {
			case NURSE -> List.<String[]>of(CLINICIAN_ROLES[0]);
			case MEDICAL -> List.<String[]>of(CLINICIAN_ROLES[1]);
			case REHAB -> List.<String[]>of(CLINICIAN_ROLES[2], CLINICIAN_ROLES[3], CLINICIAN_ROLES[4]);
		};
	}

	private static List<String> practitionerRoles() {
		List<String> roles = new ArrayList<>();
		for (Specialty specialty : Specialty.values()) {
			roles.add("cm-" + specialty.code);
		}
		for (String[] role : CLINICIAN_ROLES) {
			roles.add(role[0]);
		}
		return roles;
	}

	private static boolean isAchieved(Goal goal) {
		return goal.getAchievementStatus().hasCoding(Codes.GOAL_ACHIEVEMENT, "achieved");
	}

	private String practitionerId(String role, int n) {
		return prefix + "-pr-" + role + "-" + n;
	}

	private String id(String kind, int index) {
		return prefix + "-" + kind + "-" + index;
	}

	private static Reference ref(String type, String id) {
		return new Reference(type + "/" + id);
	}

	/** ISO date text: independent of the machine's time zone, so the output is too. */
	private static String day(LocalDate date) {
		return date.toString();
	}

	private static String pick(Random random, String[] values) {
		return values[random.nextInt(values.length)];
	}

	private static Bundle transaction(List<Resource> resources) {
		Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		for (Resource resource : resources) {
			String type = resource.fhirType();
			bundle.addEntry()
				.setResource(resource)
				.getRequest()
				.setMethod(Bundle.HTTPVerb.PUT)
				.setUrl(type + "/" + resource.getIdElement().getIdPart());
		}
		return bundle;
	}

}
