// Small readers over FHIR data the views share.

/** Every resource a search finds, following its pages. */
export async function search(client, url) {
	const found = await client.request(url, { pageLimit: 0, flat: true });
	return Array.isArray(found) ? found.filter(Boolean) : [];
}

export function ref(resource) {
	return `${resource.resourceType}/${resource.id}`;
}

export function idOf(reference) {
	return reference ? reference.split("/").pop() : null;
}

export function text(concept) {
	if (!concept) {
		return "";
	}
	return concept.text || concept.coding?.[0]?.display || concept.coding?.[0]?.code || "";
}

export function coding(concept, system) {
	return concept?.coding?.find((c) => !system || c.system === system);
}

export function nameOf(resource) {
	const name = resource?.name?.[0];
	if (!name) {
		return resource?.id ? `${resource.resourceType} ${resource.id}` : "Unknown";
	}
	return name.text || [...(name.given || []), name.family].filter(Boolean).join(" ");
}

export function day(value) {
	if (!value) {
		return "";
	}
	const date = new Date(value.length === 10 ? `${value}T00:00:00` : value);
	return Number.isNaN(date.getTime()) ? value : date.toLocaleDateString(undefined, { year: "numeric", month: "short", day: "numeric" });
}

export const SPECIALTY = "http://careplan-fhir.org/fhir/CodeSystem/cm-specialty";

/** The case-management specialty a care plan or case is under, in words. */
export function specialtyOf(concepts) {
	const specialty = (concepts || []).map((concept) => coding(concept, SPECIALTY)).find(Boolean);
	return specialty ? specialty.display || SPECIALTY_WORDS[specialty.code] || specialty.code : "Other";
}

const SPECIALTY_WORDS = {
	"nurse-cm": "Nurse case management",
	"medical-cm": "Medical case management",
	"rehab-cm": "Rehabilitation case management",
};

/** A coding in words: its display, else the words the app knows for its code, else the code. */
export function words(coding) {
	if (!coding) {
		return "";
	}
	return coding.display || SPECIALTY_WORDS[coding.code] || OTHER_WORDS[coding.code] || coding.code;
}

const OTHER_WORDS = {
	low: "Low", moderate: "Moderate", high: "High", complex: "Complex",
	intake: "Intake", assessment: "Assessment", planning: "Planning", implementation: "Implementation",
	monitoring: "Monitoring", transition: "Transition", closed: "Closed",
};

/**
 * Every version of a record, oldest first, read one by one ({@code Type/id/_history/n}): how a goal
 * or a referral got where it is.
 */
export async function versions(client, record) {
	const latest = Number.parseInt(record.meta?.versionId || "1", 10);
	const numbers = [];
	for (let n = Math.max(1, latest - 19); n <= latest; n++) {
		numbers.push(n);
	}
	const read = await Promise.all(numbers.map((n) => (n === latest ? Promise.resolve(record)
		: client.request(`${record.resourceType}/${record.id}/_history/${n}`).catch(() => null))));
	return read.filter(Boolean);
}
