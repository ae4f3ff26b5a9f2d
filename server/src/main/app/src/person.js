// One person's care: plans by specialty with their goals (and how each goal has gone), the care
// team, referrals with their progress, conditions. For a patient or caregiver, in plain words.
import { h } from "preact";
import { useEffect, useState } from "preact/hooks";
import htm from "htm";
import { AchievementChart, achievementPoints } from "./chart.js";
import { coding, day, idOf, nameOf, ref, search, specialtyOf, text, versions } from "./fhir.js";
import { mayRead, READS } from "./scopes.js";

const html = htm.bind(h);

/** Each kind of record the view shows, read only when the token allows it. */
async function load(client, granted, patientId) {
	const subject = `Patient/${patientId}`;
	const when = (type, read) => (mayRead(granted, type) ? read() : Promise.resolve(null));
	const [patient, plans, goals, teams, tasks, referrals, conditions] = await Promise.all([
		when("Patient", () => client.request(subject)),
		when("CarePlan", () => search(client, `CarePlan?subject=${subject}&status=active,on-hold,draft`)),
		when("Goal", () => search(client, `Goal?subject=${subject}`)),
		when("CareTeam", () => search(client, `CareTeam?subject=${subject}&status=active`)),
		when("Task", () => search(client, `Task?patient=${subject}&code=http://hl7.org/fhir/CodeSystem/task-code|fulfill`)),
		when("ServiceRequest", () => search(client, `ServiceRequest?subject=${subject}`)),
		when("Condition", () => search(client, `Condition?subject=${subject}`)),
	]);
	const histories = new Map();
	await Promise.all([...(goals || []), ...(tasks || [])].map(async (record) => {
		histories.set(ref(record), await versions(client, record));
	}));
	const members = new Map();
	for (const type of ["Practitioner", "RelatedPerson"]) {
		const ids = [...new Set((teams || []).flatMap((team) => (team.participant || [])
			.map((p) => p.member?.reference).filter((r) => r?.startsWith(`${type}/`)).map(idOf)))];
		if (ids.length > 0 && mayRead(granted, type)) {
			(await search(client, `${type}?_id=${ids.join(",")}`).catch(() => []))
				.forEach((member) => members.set(ref(member), member));
		}
	}
	if (patient) {
		members.set(subject, patient);
	}
	return { patient, plans, goals, teams, tasks, referrals, conditions, histories, members };
}

export function Person({ client, granted, patientId, plain, onBack }) {
	const [state, setState] = useState({ loading: true });
	useEffect(() => {
		setState({ loading: true });
		load(client, granted, patientId).then((data) => setState({ data })).catch((error) => setState({ error }));
	}, [client, patientId]);
	useEffect(() => {
		if (state.data) {
			performance.mark("person-shown");
			document.body.dataset.view = "person";
		}
	}, [state.data]);
	if (state.loading) {
		return html`<p role="status">Loading the care plan…</p>`;
	}
	if (state.error) {
		return html`<p class="error" role="alert">The care plan could not be loaded: ${state.error.message}</p>`;
	}
	const data = state.data;
	const name = data.patient ? nameOf(data.patient) : `Patient ${patientId}`;
	return html`<section class="person" aria-labelledby="person-title">
		${onBack && html`<p><a href="#" onClick=${(event) => { event.preventDefault(); onBack(); }}>← Back to the caseload</a></p>`}
		<h2 id="person-title">${plain ? "Your care plan" : name}</h2>
		${plain && data.patient && html`<p>For ${name}.</p>`}
		<${Plans} data=${data} plain=${plain} />
		<${Team} data=${data} plain=${plain} />
		<${Referrals} data=${data} plain=${plain} />
		<${Conditions} data=${data} plain=${plain} />
	</section>`;
}

function NotAllowed({ type }) {
	return html`<p class="notice" data-withheld=${type}>Not shown: this app was not allowed to read ${READS[type]}.</p>`;
}

function Plans({ data, plain }) {
	if (data.plans === null) {
		return html`<section><h3>${plain ? "Your plans" : "Care plans"}</h3><${NotAllowed} type="CarePlan" /></section>`;
	}
	const bySpecialty = new Map();
	for (const plan of data.plans) {
		const specialty = specialtyOf(plan.category);
		bySpecialty.set(specialty, [...(bySpecialty.get(specialty) || []), plan]);
	}
	const goalsById = new Map((data.goals || []).map((goal) => [ref(goal), goal]));
	const planned = new Set(data.plans.flatMap((plan) => (plan.goal || []).map((g) => g.reference)));
	const unplanned = (data.goals || []).filter((goal) => !planned.has(ref(goal)));
	return html`<section data-testid="plans">
		<h3>${plain ? "Your plans" : "Care plans"}</h3>
		${data.plans.length === 0 && html`<p>${plain ? "You have no active care plan." : "No active care plan."}</p>`}
		${[...bySpecialty].map(([specialty, plans]) => html`<article class="plan">
			<h4>${specialty}</h4>
			${plans.map((plan) => html`<div data-plan=${plan.id}>
				<p>${plain ? `Started ${day(plan.period?.start)}.` : html`${plan.title || text(plan.category?.[2]) || "Care plan"}
					· ${plan.status} · since ${day(plan.period?.start)}`}</p>
				${data.goals === null ? html`<${NotAllowed} type="Goal" />` : html`<ul class="goals">
					${(plan.goal || []).map((g) => goalsById.get(g.reference)).filter(Boolean)
						.map((goal) => html`<${GoalItem} goal=${goal} history=${data.histories.get(ref(goal))} plain=${plain} />`)}
				</ul>`}
			</div>`)}
		</article>`)}
		${unplanned.length > 0 && html`<article class="plan"><h4>${plain ? "Other goals" : "Goals in no plan"}</h4><ul class="goals">
			${unplanned.map((goal) => html`<${GoalItem} goal=${goal} history=${data.histories.get(ref(goal))} plain=${plain} />`)}
		</ul></article>`}
		${data.plans.length > 0 && data.goals === null && html`<${NotAllowed} type="Goal" />`}
	</section>`;
}

const PLAIN_ACHIEVEMENT = {
	"in-progress": "under way",
	improving: "getting better",
	worsening: "getting harder",
	"no-change": "no change yet",
	achieved: "reached",
	sustaining: "reached and keeping it up",
	"not-achieved": "not reached",
	"no-progress": "no progress yet",
	"not-attainable": "no longer possible",
};

function GoalItem({ goal, history, plain }) {
	const due = (goal.target || []).map((t) => t.dueDate).filter(Boolean).sort()[0];
	const achievement = coding(goal.achievementStatus)?.code;
	const overdue = due && due < new Date().toISOString().slice(0, 10) && !["achieved", "sustaining"].includes(achievement)
		&& !["completed", "cancelled", "entered-in-error", "rejected"].includes(goal.lifecycleStatus);
	const description = text(goal.description);
	return html`<li class=${overdue ? "goal overdue" : "goal"} data-goal=${goal.id}>
		${plain
			? html`<p>You are working towards: <strong>${description}</strong>.${due ? ` Aim: by ${day(due)}.` : ""}
				${achievement ? ` So far: ${PLAIN_ACHIEVEMENT[achievement] || achievement}.` : ""}</p>`
			: html`<p><strong>${description}</strong> · ${goal.lifecycleStatus}${achievement ? ` · ${achievement}` : ""}
				${due ? html` · target ${day(due)}` : ""}${overdue ? html` <span class="badge overdue">overdue</span>` : ""}</p>`}
		<${AchievementChart} points=${achievementPoints(history || [goal])} label=${`Progress of “${description}”`} />
	</li>`;
}

const PLAIN_TASK = {
	requested: "sent, waiting for the provider to reply",
	received: "received by the provider",
	accepted: "accepted by the provider",
	rejected: "declined by the provider",
	ready: "ready to start",
	"in-progress": "under way",
	"on-hold": "on hold",
	completed: "done",
	cancelled: "cancelled",
	failed: "could not be done",
};

function Team({ data, plain }) {
	if (data.teams === null) {
		return html`<section><h3>${plain ? "The people helping you" : "Care team"}</h3><${NotAllowed} type="CareTeam" /></section>`;
	}
	const participants = data.teams.flatMap((team) => team.participant || []);
	const own = data.patient ? ref(data.patient) : null;
	return html`<section data-testid="team">
		<h3>${plain ? "The people helping you" : "Care team"}</h3>
		<ul>${participants.map((p) => {
			const member = data.members.get(p.member?.reference);
			if (plain && p.member?.reference === own) {
				return html`<li>You</li>`;
			}
			const who = member ? nameOf(member) : p.member?.display || "a member of the team";
			// SNOMED CT displays end with their semantic tag: "Physiotherapist (occupation)".
			const role = p.role?.length ? text(p.role[0]).replace(/ \((occupation|person)\)$/, "") : "";
			return html`<li>${who}${role ? ` (${plain ? role.toLowerCase() : role})` : ""}</li>`;
		})}</ul>
	</section>`;
}

function Referrals({ data, plain }) {
	if (data.tasks === null && data.referrals === null) {
		return html`<section><h3>Referrals</h3><${NotAllowed} type="Task" /></section>`;
	}
	const requests = new Map((data.referrals || []).map((request) => [ref(request), request]));
	return html`<section data-testid="referrals">
		<h3>${plain ? "Services arranged for you" : "Referrals"}</h3>
		${data.tasks === null && html`<${NotAllowed} type="Task" />`}
		${(data.tasks || []).length === 0 && data.tasks !== null && html`<p>No referrals.</p>`}
		<ul class="referrals">${(data.tasks || []).map((task) => {
			const request = requests.get(task.focus?.reference);
			const what = request ? text(request.code) : task.description || task.focus?.reference;
			const history = (data.histories.get(ref(task)) || [task]).slice()
				.sort((a, b) => (a.meta?.lastUpdated || "").localeCompare(b.meta?.lastUpdated || ""));
			return html`<li data-task=${task.id}>
				<p><strong>${what}</strong>: ${plain ? PLAIN_TASK[task.status] || task.status : task.status}
					${task.businessStatus ? ` (${text(task.businessStatus)})` : ""}</p>
				<ol class="timeline" aria-label="Status over time">${history.map((version) => html`<li>
					<time datetime=${version.meta?.lastUpdated}>${day(version.meta?.lastUpdated)}</time>
					${" "}${plain ? PLAIN_TASK[version.status] || version.status : version.status}</li>`)}</ol>
			</li>`;
		})}</ul>
	</section>`;
}

function Conditions({ data, plain }) {
	if (data.conditions === null) {
		return html`<section><h3>Conditions</h3><${NotAllowed} type="Condition" /></section>`;
	}
	return html`<section data-testid="conditions">
		<h3>${plain ? "What your plan is about" : "Conditions"}</h3>
		${data.conditions.length === 0 ? html`<p>None recorded.</p>` : html`<ul>${data.conditions
			.map((condition) => html`<li>${text(condition.code)}${plain ? "" : ` · ${coding(condition.clinicalStatus)?.code || ""}`}</li>`)}</ul>`}
	</section>`;
}
