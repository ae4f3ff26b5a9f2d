package org.careplanfhir.server.utilization;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.restassured.path.json.JsonPath;
import org.careplanfhir.server.FhirServerTest;
import org.careplanfhir.server.utilization.UtilizationDataset.Referral;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * {@code $evaluate-measure} of the shipped Measures over a dataset whose figures the test knows
 * from its own rules ({@link UtilizationDataset}): every population, every stratifier's strata,
 * ratio and continuous-variable scores, the subject-list drill-down, and the refusals.
 */
class MeasureEvaluationIntegrationTests extends FhirServerTest {

	private static UtilizationDataset data;

	private static String group;

	@BeforeEach
	void storeTheDatasetOnce() {
		if (data != null) {
			return;
		}
		data = UtilizationDataset.stored(FhirServerTest::fhir);
		StringBuilder members = new StringBuilder();
		for (int i = 0; i < UtilizationDataset.PATIENTS; i++) {
			members.append(i == 0 ? "" : ",").append("{\"entity\":{\"reference\":\"Patient/").append(data.patient(i)).append("\"}}");
		}
		group = create("Group", "{\"resourceType\":\"Group\",\"type\":\"person\",\"actual\":true,\"member\":[" + members + "]}");
	}

	@Test
	void theShippedMeasuresAreInstalledWithTheirPackage() {
		for (String id : List.of("cm-referral-volume", "cm-referral-completion-rate", "cm-referral-time-to-service",
				"cm-goals-achieved")) {
			fhir().get("/Measure?url=http://careplan-fhir.org/fhir/Measure/" + id).then().statusCode(200)
				.body("total", equalTo(1));
		}
	}

	@Test
	void referralVolumeCountsEveryPopulationAndEveryStratum() {
		JsonPath report = evaluate("cm-referral-volume", "subject=Group/" + group);
		List<Referral> counted = data.counted(r -> true);
		assertThat(report.getString("type")).isEqualTo("summary");
		assertThat(report.getString("measure")).isEqualTo("http://careplan-fhir.org/fhir/Measure/cm-referral-volume");
		assertThat(report.getString("period.start")).isEqualTo("2031-01-01");
		assertThat(report.getString("period.end")).isEqualTo("2031-03-31");
		assertThat(report.getList("group.code.coding.code.flatten()"))
			.containsExactly("referral-volume", "units-authorized", "units-used");

		assertThat(count(report, 0, "initial-population")).isEqualTo(counted.size());
		for (String status : List.of("active", "completed", "revoked")) {
			assertThat(count(report, 0, status)).as(status)
				.isEqualTo(counted.stream().filter(r -> r.status().equals(status)).count());
		}
		List<Referral> withQuantity = counted.stream().filter(r -> r.quantity() != null).toList();
		assertThat(count(report, 1, "measure-population")).isEqualTo(withQuantity.size());
		assertThat(report.getDouble("group[1].measureScore.value"))
			.isEqualTo(withQuantity.stream().mapToInt(Referral::quantity).sum());
		List<Referral> withUnitsUsed = counted.stream().filter(r -> r.unitsUsed() != null).toList();
		assertThat(withUnitsUsed).isNotEmpty();
		assertThat(count(report, 2, "measure-population")).isEqualTo(withUnitsUsed.size());
		assertThat(report.getDouble("group[2].measureScore.value"))
			.isEqualTo(withUnitsUsed.stream().mapToInt(Referral::unitsUsed).sum());

		List<String> stratifierCodes = report.getList("group[0].stratifier.code.coding.code.flatten()");
		assertThat(stratifierCodes).containsExactly("service", "specialty", "payer", "month", "performer-type");
		int index = 0;
		for (Map.Entry<String, Function<Referral, String>> stratifier : data.stratifiers().entrySet()) {
			Map<String, List<Referral>> expected = UtilizationDataset.strata(counted, stratifier.getValue());
			List<Map<String, Object>> strata = report.getList("group[0].stratifier[" + index++ + "].stratum");
			assertThat(strata).as(stratifier.getKey()).hasSize(expected.size());
			for (Map<String, Object> stratum : strata) {
				String value = stratumValue(stratum);
				List<Referral> in = expected.get(value);
				assertThat(in).as(stratifier.getKey() + " stratum " + value).isNotNull();
				assertThat(stratumCount(stratum, "initial-population")).as(stratifier.getKey() + "=" + value)
					.isEqualTo(in.size());
				assertThat(stratumCount(stratum, "completed")).as(stratifier.getKey() + "=" + value + " completed")
					.isEqualTo(in.stream().filter(r -> r.status().equals("completed")).count());
			}
		}
	}

	@Test
	void completionRateIsARatioOfCompletedToReferred() {
		JsonPath report = evaluate("cm-referral-completion-rate", "subject=Group/" + group);
		List<Referral> counted = data.counted(r -> true);
		long completed = counted.stream().filter(r -> r.status().equals("completed")).count();
		assertThat(count(report, 0, "denominator")).isEqualTo(counted.size());
		assertThat(count(report, 0, "numerator")).isEqualTo(completed);
		assertThat(report.getDouble("group[0].measureScore.value")).isCloseTo((double) completed / counted.size(),
				within(0.0001));
		// Every stratum carries its own ratio too.
		Map<String, List<Referral>> byService = UtilizationDataset.strata(counted, Referral::service);
		for (Map<String, Object> stratum : report.<Map<String, Object>>getList("group[0].stratifier[0].stratum")) {
			List<Referral> in = byService.get(stratumValue(stratum));
			double expected = (double) in.stream().filter(r -> r.status().equals("completed")).count() / in.size();
			assertThat(((Number) ((Map<?, ?>) stratum.get("measureScore")).get("value")).doubleValue())
				.isCloseTo(expected, within(0.0001));
		}
	}

	@Test
	void daysToFirstServiceAreAMedianAndANinetiethPercentile() {
		JsonPath report = evaluate("cm-referral-time-to-service", "subject=Group/" + group);
		List<Integer> days = data.counted(r -> r.daysToService() != null).stream().map(Referral::daysToService).toList();
		assertThat(days).hasSizeGreaterThan(3);
		assertThat(count(report, 0, "measure-population")).isEqualTo(days.size());
		assertThat(report.getDouble("group[0].measureScore.value"))
			.isCloseTo(UtilizationDataset.percentile(days, 0.5), within(0.001));
		assertThat(report.getString("group[0].measureScore.code")).isEqualTo("d");
		assertThat(report.getDouble("group[1].measureScore.value"))
			.isCloseTo(UtilizationDataset.percentile(days, 0.9), within(0.001));
	}

	@Test
	void goalsAchievedWithinThePlanPeriodIsARatioStratifiedBySpecialtyPayerAndMonth() {
		JsonPath report = evaluate("cm-goals-achieved", "subject=Group/" + group);
		var counted = data.countedGoals(goal -> true);
		long achieved = counted.stream().filter(UtilizationDataset.PlanGoal::achievedInTime).count();
		assertThat(count(report, 0, "denominator")).isEqualTo(counted.size());
		assertThat(count(report, 0, "numerator")).isEqualTo(achieved);
		assertThat(report.getDouble("group[0].measureScore.value")).isCloseTo((double) achieved / counted.size(),
				within(0.0001));
		assertThat(report.getList("group[0].stratifier.code.coding.code.flatten()"))
			.containsExactly("specialty", "payer", "month");
		List<Map<String, Object>> byPayer = report.getList("group[0].stratifier[1].stratum");
		for (Map<String, Object> stratum : byPayer) {
			String payer = stratumValue(stratum);
			long expected = counted.stream().filter(goal -> data.payerOf(goal.patient()).equals(payer)).count();
			assertThat(stratumCount(stratum, "denominator")).as(payer).isEqualTo(expected);
		}
	}

	@Test
	void aSubjectListReportListsTheRecordsOfEachPopulationMatchingItsCount() {
		JsonPath report = evaluate("cm-referral-volume", "subject=Group/" + group + "&reportType=subject-list");
		assertThat(report.getString("type")).isEqualTo("subject-list");
		List<Referral> counted = data.counted(r -> true);
		Map<String, Object> firstPopulation = report.getMap("group[0].population[0]");
		String listReference = (String) ((Map<?, ?>) firstPopulation.get("subjectResults")).get("reference");
		List<Map<String, Object>> contained = report.getList("contained");
		Map<String, Object> list = contained.stream().filter(item -> ("#" + item.get("id")).equals(listReference))
			.findFirst().orElseThrow();
		List<String> items = new ArrayList<>();
		for (Object entry : (List<?>) list.get("entry")) {
			items.add((String) ((Map<?, ?>) ((Map<?, ?>) entry).get("item")).get("reference"));
		}
		assertThat(items).hasSize(((Number) firstPopulation.get("count")).intValue())
			.containsExactlyInAnyOrderElementsOf(counted.stream().map(r -> "ServiceRequest/" + r.id()).toList());
	}

	@Test
	void aSubjectReportCountsOneMember() {
		JsonPath report = evaluate("cm-referral-volume", "subject=Patient/" + data.patient(2));
		assertThat(report.getString("type")).isEqualTo("individual");
		assertThat(report.getString("subject.reference")).isEqualTo("Patient/" + data.patient(2));
		assertThat(count(report, 0, "initial-population")).isEqualTo(data.counted(r -> r.patient() == 2).size());
	}

	@Test
	void everyoneIsCountedWithoutASubjectAndThePostFormAnswersTheSame() {
		JsonPath get = evaluate("cm-referral-volume", "");
		JsonPath post = fhir().body("{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"periodStart\",\"valueDate\":"
				+ "\"2031-01-01\"},{\"name\":\"periodEnd\",\"valueDate\":\"2031-03-31\"},{\"name\":\"reporter\",\"valueString\":"
				+ "\"Organization/" + data.payerA + "\"}]}")
			.post("/Measure/cm-referral-volume/$evaluate-measure").then().statusCode(200).extract().jsonPath();
		assertThat(count(get, 0, "initial-population")).isGreaterThanOrEqualTo(data.counted(r -> true).size());
		assertThat(count(post, 0, "initial-population")).isEqualTo(count(get, 0, "initial-population"));
		assertThat(post.getString("reporter.reference")).isEqualTo("Organization/" + data.payerA);
	}

	@Test
	void aStoredReportIsFoundByMeasurePeriodReporterAndSubject() {
		String id = fhir().body("{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"periodStart\",\"valueDate\":"
				+ "\"2031-01\"},{\"name\":\"periodEnd\",\"valueDate\":\"2031-03\"},{\"name\":\"subject\",\"valueString\":"
				+ "\"Group/" + group + "\"},{\"name\":\"reporter\",\"valueString\":\"Organization/" + data.payerB + "\"},"
				+ "{\"name\":\"persist\",\"valueBoolean\":true}]}")
			.post("/Measure/cm-referral-completion-rate/$evaluate-measure")
			.then().statusCode(200).extract().path("id");
		assertThat(id).isNotNull();
		fhir().get("/MeasureReport/" + id).then().statusCode(200).body("group[0].population[1].count",
				equalTo(data.counted(r -> true).size()));
		for (String search : List.of("measure=http://careplan-fhir.org/fhir/Measure/cm-referral-completion-rate",
				"period=ge2031-01-01&period=le2031-03-31", "reporter=Organization/" + data.payerB, "subject=Group/" + group)) {
			fhir().get("/MeasureReport?" + search + "&_count=500").then().statusCode(200)
				.body("entry.resource.id", hasItem(id));
		}
		// Storing is a write: never by GET.
		bad("/Measure/cm-referral-volume/$evaluate-measure?periodStart=2031&periodEnd=2031&persist=true", 400, "POST");
	}

	@Test
	void badParametersAreClientErrorsThatNameTheParameter() {
		String base = "/Measure/cm-referral-volume/$evaluate-measure?";
		bad(base + "periodEnd=2031-03-31", 400, "periodStart");
		bad(base + "periodStart=2031-13-01&periodEnd=2031-12-31", 400, "periodStart");
		bad(base + "periodStart=2031-02-30&periodEnd=2031-12-31", 400, "periodStart");
		bad(base + "periodStart=yesterday&periodEnd=2031-12-31", 400, "periodStart");
		bad(base + "periodStart=2031-04-01&periodEnd=2031-03-31", 400, "is before");
		bad(base + "periodStart=2031&periodEnd=2031&reportType=summary", 400, "reportType");
		bad(base + "periodStart=2031&periodEnd=2031&reportType=subject", 400, "subject");
		bad(base + "periodStart=2031&periodEnd=2031&subject=Practitioner/x", 400, "subject");
		bad(base + "periodStart=2031&periodEnd=2031&subject=Patient/no-such-" + data.suffix, 400, "not on this server");
		bad(base + "periodStart=2031&periodEnd=2031&reporter=just-a-name", 400, "reporter");
		bad(base + "periodStart=2031&periodEnd=2031&persist=maybe", 400, "persist");
		bad(base + "periodStart=2031&periodEnd=2031&practitioner=Practitioner/x", 400, "practitioner");
		bad("/Measure/no-such-measure-" + data.suffix + "/$evaluate-measure?periodStart=2031&periodEnd=2031", 404, "Measure");
		String theirs = create("Measure", "{\"resourceType\":\"Measure\",\"url\":\"urn:test:measure:" + data.suffix
				+ "\",\"status\":\"active\"}");
		bad("/Measure/" + theirs + "/$evaluate-measure?periodStart=2031&periodEnd=2031", 422, "is not a Measure this server computes");
		assertThat(storedCount("MeasureReport")).isGreaterThanOrEqualTo(0);
	}

	private void bad(String url, int status, String named) {
		fhir().get(url).then().statusCode(status)
			.body("resourceType", equalTo("OperationOutcome"))
			.body("issue[0].diagnostics", containsString(named));
	}

	private JsonPath evaluate(String measure, String parameters) {
		return fhir().get("/Measure/" + measure + "/$evaluate-measure?periodStart=2031-01-01&periodEnd=2031-03-31"
				+ (parameters.isEmpty() ? "" : "&" + parameters))
			.then().statusCode(200).body("resourceType", equalTo("MeasureReport")).extract().jsonPath();
	}

	static long count(JsonPath report, int group, String population) {
		List<Map<String, Object>> populations = report.getList("group[" + group + "].population");
		return populations.stream()
			.filter(item -> population.equals(code(item)))
			.map(item -> ((Number) item.get("count")).longValue())
			.findFirst().orElseThrow(() -> new AssertionError("no population " + population));
	}

	static long stratumCount(Map<String, Object> stratum, String population) {
		return ((List<?>) stratum.get("population")).stream()
			.map(item -> (Map<?, ?>) item)
			.filter(item -> population.equals(code(item)))
			.map(item -> ((Number) item.get("count")).longValue())
			.findFirst().orElseThrow();
	}

	private static String code(Map<?, ?> item) {
		return (String) ((Map<?, ?>) ((List<?>) ((Map<?, ?>) item.get("code")).get("coding")).get(0)).get("code");
	}

	/** A stratum's value as the dataset writes it: its code, or its text (payer, month). */
	static String stratumValue(Map<String, Object> stratum) {
		Map<?, ?> value = (Map<?, ?>) stratum.get("value");
		if (value.get("coding") instanceof List<?> codings) {
			return (String) ((Map<?, ?>) codings.get(0)).get("code");
		}
		return (String) value.get("text");
	}

}
