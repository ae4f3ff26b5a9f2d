// What the app asks for, and what the server granted: a consent page lets the person untick any
// scope, and the app then leaves that kind of record out and says so.

/** The record types the app reads, with the words it uses for them. */
export const READS = {
	EpisodeOfCare: "cases",
	Patient: "people's details",
	CarePlan: "care plans",
	Goal: "goals",
	Task: "referral progress",
	ServiceRequest: "referrals",
	CareTeam: "care teams",
	Condition: "conditions",
	Coverage: "insurance coverage",
	Encounter: "visits",
	Communication: "messages",
	Practitioner: "care team members' names",
	RelatedPerson: "family and caregivers",
};

export const APP_SCOPES = ["openid", "fhirUser", ...Object.keys(READS).map((type) => `user/${type}.rs`)];

/** Whether a granted scope reads this type (SMART v1 or v2 forms, any context, type or wildcard). */
export function mayRead(granted, type) {
	return granted.some((scope) => {
		const match = /^(user|patient|system)\/([A-Za-z]+|\*)\.([a-z*]+)(\?.*)?$/.exec(scope);
		if (!match || (match[2] !== type && match[2] !== "*")) {
			return false;
		}
		const permissions = match[3];
		return permissions === "read" || permissions === "*" || (/^c?r/.test(permissions) && permissions !== "write");
	});
}

/** The types the app asked to read and was not granted. */
export function withheld(granted) {
	return Object.keys(READS).filter((type) => !mayRead(granted, type));
}
