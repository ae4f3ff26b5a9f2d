package org.careplanfhir.server.apps;

import java.util.ArrayList;
import java.util.List;

import org.careplanfhir.server.security.PublicAddress;
import org.careplanfhir.server.security.SecurityProperties;
import org.careplanfhir.server.security.SecurityProperties.AuthMethod;
import org.careplanfhir.server.security.ShippedApp;

/**
 * The care-plan app's registration: a public client (PKCE, no secret) that may come back only to
 * the app's own page on this server, and may ask for what the app reads, for a user (case manager,
 * patient, caregiver), with or without an EHR's launch context.
 */
class CarePlanApp implements ShippedApp {

	static final String CLIENT_ID = "careplan-app";

	static final String PATH = "/apps/careplan/";

	/** The record types the app reads; its pages ask for {@code user/<type>.rs} of each. */
	static final List<String> READS = List.of("EpisodeOfCare", "Patient", "CarePlan", "Goal", "Task", "ServiceRequest",
			"CareTeam", "Condition", "Coverage", "Encounter", "Communication", "Practitioner", "RelatedPerson");

	private final PublicAddress address;

	CarePlanApp(PublicAddress address) {
		this.address = address;
	}

	@Override
	public SecurityProperties.Client client() {
		List<String> scopes = new ArrayList<>(List.of("openid", "fhirUser", "launch", "launch/patient"));
		READS.forEach(type -> scopes.add("user/" + type + ".rs"));
		READS.forEach(type -> scopes.add("patient/" + type + ".rs"));
		return new SecurityProperties.Client(CLIENT_ID, "Care Plans (shipped with the server)", AuthMethod.NONE,
				null, List.of(address.configuredIssuer() + PATH + "index.html"), scopes, null, null, null);
	}

}
