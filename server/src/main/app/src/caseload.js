// The case manager's caseload, from $caseload: most urgent first, overdue goals and waiting
// referrals highlighted.
import { h } from "preact";
import { useEffect, useState } from "preact/hooks";
import htm from "htm";
import { day, nameOf, text, words } from "./fhir.js";
import { READS } from "./scopes.js";

const html = htm.bind(h);

/** The summary's cases as plain objects, and the records the answer carries by reference. */
export function readCaseload(bundle) {
	const entries = bundle.entry || [];
	const summary = entries[0]?.resource;
	const records = new Map();
	for (const entry of entries.slice(1)) {
		records.set(`${entry.resource.resourceType}/${entry.resource.id}`, entry.resource);
	}
	const cases = [];
	const withheld = [];
	for (const parameter of summary?.parameter || []) {
		if (parameter.name === "withheld") {
			withheld.push(parameter.part.find((part) => part.name === "type").valueCode);
		}
		if (parameter.name !== "case") {
			continue;
		}
		const one = { overdueGoal: [], goalAtRisk: [], referralAwaiting: [], authorizationPending: [] };
		for (const part of parameter.part) {
			const value = part.valueReference?.reference ?? part.valueReference ?? part.valueCoding ?? part.valueInteger
				?? part.valueCode ?? part.valueDateTime ?? part.valueBoolean;
			if (Array.isArray(one[part.name])) {
				one[part.name].push(value);
			}
			else {
				one[part.name] = part.name === "patient" ? part.valueReference : value;
			}
		}
		cases.push(one);
	}
	return { cases, records, withheld };
}

export function Caseload({ client, onOpen }) {
	const [state, setState] = useState({ loading: true });
	useEffect(() => {
		client.request("$caseload", { headers: { "Cache-Control": "no-cache" } })
			.then((bundle) => setState({ caseload: readCaseload(bundle) }))
			.catch((error) => setState({ error }));
	}, [client]);
	useEffect(() => {
		if (state.caseload) {
			performance.mark("caseload-shown");
			document.body.dataset.view = "caseload";
		}
	}, [state.caseload]);
	if (state.loading) {
		return html`<p role="status">Loading your caseload…</p>`;
	}
	if (state.error) {
		return html`<p class="error" role="alert">Your caseload could not be loaded: ${state.error.message}</p>`;
	}
	const { cases, records, withheld } = state.caseload;
	return html`<section aria-labelledby="caseload-title">
		<h2 id="caseload-title">Your caseload</h2>
		<p>${cases.length} active ${cases.length === 1 ? "case" : "cases"}, most urgent first.</p>
		${withheld.length > 0 && html`<p class="notice" data-testid="caseload-withheld">The caseload leaves out
			${withheld.map((type) => READS[type] || type).join(", ")}: this app was not allowed to read them.</p>`}
		<table class="caseload" data-testid="caseload">
			<thead><tr>
				<th scope="col">Person</th><th scope="col">Specialty</th><th scope="col">Acuity</th><th scope="col">Phase</th>
				<th scope="col">Overdue goals</th><th scope="col">Goals at risk</th><th scope="col">Referrals awaiting</th>
				<th scope="col">Last contact</th><th scope="col">Coverage</th>
			</tr></thead>
			<tbody>
				${cases.map((one) => html`<${CaseRow} one=${one} records=${records} onOpen=${onOpen} />`)}
			</tbody>
		</table>
	</section>`;
}

function CaseRow({ one, records, onOpen }) {
	const patientRef = one.patient?.reference;
	const person = records.get(patientRef);
	const name = one.patient?.display || nameOf(person);
	const overdue = one.overdueGoals;
	const awaiting = one.referralsAwaiting;
	const open = (event) => {
		event.preventDefault();
		onOpen(patientRef.split("/")[1], one.episode.split("/")[1]);
	};
	return html`<tr data-episode=${one.episode} class=${overdue > 0 || awaiting > 0 ? "attention" : ""}>
		<th scope="row"><a href=${`#/person/${patientRef.split("/")[1]}/${one.episode.split("/")[1]}`} onClick=${open}>${name}</a></th>
		<td>${words(one.specialty)}</td>
		<td>${words(one.acuity)}</td>
		<td>${words(one.phase)}</td>
		<td class=${overdue > 0 ? "overdue" : ""} data-testid="overdue">${overdue === undefined ? "not shown" : overdue > 0
			? html`<strong>${overdue} overdue</strong>` : "none"}</td>
		<td class=${one.goalsAtRisk > 0 ? "at-risk" : ""}>${one.goalsAtRisk === undefined ? "not shown" : one.goalsAtRisk}</td>
		<td class=${awaiting > 0 ? "awaiting" : ""} data-testid="awaiting">${awaiting === undefined ? "not shown" : awaiting > 0
			? html`<strong>${awaiting} awaiting</strong>` : "none"}</td>
		<td>${one.contactOverdue === undefined ? "not shown" : one.lastContact ? day(one.lastContact) : "never"}
			${one.contactOverdue ? html` <span class="badge">call due</span>` : ""}</td>
		<td>${one.coverage === undefined ? "not shown" : one.coverage}</td>
	</tr>`;
}

export { text };
