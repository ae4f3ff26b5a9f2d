// The care-plan app after sign-in: a case manager's caseload and the people in it, or a patient's
// or caregiver's own plan in plain words. Everything it shows comes from the FHIR API with the
// token the person granted it, and what they withheld it names instead of showing.
import FHIR from "fhirclient";
import { h, render } from "preact";
import { useEffect, useState } from "preact/hooks";
import htm from "htm";
import { Caseload } from "./caseload.js";
import { idOf, nameOf } from "./fhir.js";
import { Person } from "./person.js";
import { READS, withheld } from "./scopes.js";

const html = htm.bind(h);

/** The person shown: from the address, else the patient an EHR launched the app for. */
function route(launchPatient) {
	const match = /^#\/person\/([^/]+)(?:\/([^/]+))?$/.exec(window.location.hash);
	if (match) {
		return { patient: match[1], episode: match[2] };
	}
	return launchPatient && window.location.hash !== "#/caseload" ? { patient: launchPatient } : {};
}

function App({ client }) {
	const granted = (client.state.tokenResponse?.scope || "").split(/\s+/).filter(Boolean);
	const fhirUser = client.getFhirUser();
	const kind = fhirUser ? fhirUser.split("/")[0] : null;
	const launchPatient = client.patient.id || null;
	const [where, setWhere] = useState(route(launchPatient));
	const [user, setUser] = useState(null);
	const [ownPatient, setOwnPatient] = useState(kind === "Patient" ? idOf(fhirUser) : launchPatient);
	useEffect(() => {
		const follow = () => setWhere(route(launchPatient));
		window.addEventListener("hashchange", follow);
		return () => window.removeEventListener("hashchange", follow);
	}, []);
	useEffect(() => {
		if (fhirUser) {
			client.request(fhirUser).then((resource) => {
				setUser(resource);
				if (kind === "RelatedPerson" && resource.patient?.reference) {
					setOwnPatient(idOf(resource.patient.reference));
				}
			}).catch(() => setUser({ resourceType: kind, id: idOf(fhirUser) }));
		}
	}, [fhirUser]);
	const missing = withheld(granted);
	const practitioner = kind === "Practitioner" || kind === "PractitionerRole";
	const open = (patient, episode) => { window.location.hash = `#/person/${patient}/${episode}`; };
	return html`<div>
		<header class="top">
			<p class="brand">Care Plans</p>
			<p class="who">${fhirUser ? html`Signed in as <span data-testid="user">${user ? nameOf(user) : fhirUser}</span>` : ""}</p>
		</header>
		<main>
			${missing.length > 0 && html`<aside class="notice" role="note" data-testid="withheld" aria-labelledby="withheld-title">
				<h2 id="withheld-title">Some information is not shown</h2>
				<p>You did not allow this app to read: ${missing.map((type) => READS[type]).join(", ")}.
				Those parts of the plan are left out, not empty. Sign in again to allow them.</p>
			</aside>`}
			${practitioner && !where.patient && html`<${Caseload} client=${client} onOpen=${open} />`}
			${practitioner && where.patient && html`<${Person} client=${client} granted=${granted} patientId=${where.patient}
				plain=${false} onBack=${() => { window.location.hash = "#/caseload"; }} />`}
			${!practitioner && ownPatient && html`<${Person} client=${client} granted=${granted} patientId=${ownPatient} plain=${true} />`}
			${!practitioner && !ownPatient && user && html`<p>This app shows a case manager's caseload or a person's own
				care plan; your account (${fhirUser || "no user"}) is neither.</p>`}
			${!fhirUser && html`<p role="alert">The server did not say who you are (no fhirUser), so there is nothing to show.</p>`}
		</main>
	</div>`;
}

FHIR.oauth2.ready()
	.then((client) => {
		const root = document.getElementById("app");
		root.textContent = "";
		render(html`<${App} client=${client} />`, root);
	})
	.catch((error) => {
		const main = document.querySelector("#app main") || document.getElementById("app");
		main.innerHTML = "";
		const message = document.createElement("p");
		message.setAttribute("role", "alert");
		message.textContent = `Sign-in did not complete: ${error.message}. Start again from the launch page.`;
		main.appendChild(message);
	});
