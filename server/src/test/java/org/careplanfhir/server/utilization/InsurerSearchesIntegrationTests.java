package org.careplanfhir.server.utilization;

import java.util.List;
import java.util.function.Predicate;

import org.careplanfhir.server.FhirServerTest;
import org.careplanfhir.server.utilization.UtilizationDataset.Referral;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.hamcrest.Matchers.equalTo;

/**
 * The searches an insurer counts with, answered with {@code _summary=count} and with
 * {@code _total=accurate} alike, over a dataset whose counts the test knows:
 * ServiceRequest by insurance, payer (chained through the Coverage), code, status, authored,
 * performer type, case and specialty; Task by focus, status and owner; EpisodeOfCare by type,
 * acuity and care manager; Coverage by payor and beneficiary.
 */
class InsurerSearchesIntegrationTests extends FhirServerTest {

	private static UtilizationDataset data;

	@BeforeEach
	void storeTheDatasetOnce() {
		if (data != null) {
			return;
		}
		data = UtilizationDataset.stored(FhirServerTest::fhir);
	}

	@Test
	void referralsAreCountedByEveryInsurerParameter() {
		// Every referral of the dataset, by payer: chained through the Coverage, or by the Coverage itself.
		expect("ServiceRequest?insurance:Coverage.payor=Organization/" + data.payerA,
				r -> r.insured() && r.patient() % 2 == 0);
		expect("ServiceRequest?insurance=Coverage/u-cov3-" + data.suffix, r -> r.insured() && r.patient() == 3);
		expect("ServiceRequest?insurance:Coverage.payor=Organization/" + data.payerB + "&status=completed",
				r -> r.insured() && r.patient() % 2 == 1 && r.status().equals("completed"));
		expect("ServiceRequest?insurance:Coverage.payor=Organization/" + data.payerA + "&code="
				+ UtilizationDataset.SERVICES + "|physio", r -> r.insured() && r.patient() % 2 == 0 && r.service().equals("physio"));
		expect("ServiceRequest?insurance:Coverage.payor=Organization/" + data.payerB + "&authored=ge2031-02-01&authored=le2031-02-28",
				r -> r.insured() && r.patient() % 2 == 1 && r.authored().getYear() == 2031 && r.authored().getMonthValue() == 2);
		expect("ServiceRequest?insurance:Coverage.payor=Organization/" + data.payerA + "&performer-type="
				+ UtilizationDataset.PERFORMERS + "|pt", r -> r.insured() && r.patient() % 2 == 0 && "pt".equals(r.performer()));
		expect("ServiceRequest?episode=EpisodeOfCare/u-case5-" + data.suffix, r -> r.inCase() && r.patient() == 5);
		expect("ServiceRequest?episode:EpisodeOfCare.specialty=" + UtilizationDataset.SPECIALTIES + "|rehab-cm"
				+ "&subject:Patient.identifier=urn:test:members|" + data.patient(2),
				r -> r.inCase() && r.patient() == 2);
	}

	@Test
	void tasksCasesAndCoveragesAreCountedByTheirInsurerParameters() {
		count("Task?focus=ServiceRequest/u-sr0-" + data.suffix, 2);
		count("Task?focus=ServiceRequest/u-sr1-" + data.suffix + "&status=completed", 1);
		count("Task?owner=Practitioner/" + data.manager, 0);
		count("EpisodeOfCare?type=" + UtilizationDataset.SPECIALTIES + "|nurse-cm&care-manager=Practitioner/" + data.manager, 3);
		count("EpisodeOfCare?care-manager=Practitioner/" + data.manager, UtilizationDataset.PATIENTS);
		count("EpisodeOfCare?specialty=rehab-cm&care-manager=Practitioner/" + data.manager + "&acuity=high", 0);
		count("Coverage?payor=Organization/" + data.payerA, 5);
		count("Coverage?payor=Organization/" + data.payerA + "&status=active", 4);
		count("Coverage?beneficiary=Patient/" + data.patient(7), 2);
	}

	private void expect(String search, Predicate<Referral> which) {
		count(search, data.referrals.stream().filter(which).count());
	}

	/** The same count from {@code _summary=count} and from a page with {@code _total=accurate}. */
	private void count(String search, long expected) {
		for (String form : List.of("&_summary=count", "&_total=accurate&_count=1")) {
			fhir().get("/" + search + form).then().statusCode(200).body("total", equalTo((int) expected));
		}
	}

}
