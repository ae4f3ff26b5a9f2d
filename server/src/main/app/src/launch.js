// Standalone launch (no parameters, or ?iss=) and EHR launch (?iss=&launch=): both go to the
// server's authorization endpoint with PKCE and come back to index.html.
import FHIR from "fhirclient";
import { APP_SCOPES } from "./scopes.js";

const params = new URLSearchParams(window.location.search);
const launch = params.get("launch");
const iss = params.get("iss") || new URL("../../fhir", window.location.href).href.replace(/\/$/, "");
const scope = (launch ? ["launch", ...APP_SCOPES] : APP_SCOPES).join(" ");

FHIR.oauth2
	.authorize({
		clientId: "careplan-app",
		scope,
		iss,
		launch: launch || undefined,
		redirectUri: "index.html",
		pkceMode: "required",
	})
	.catch((error) => {
		document.getElementById("status").textContent = `The app could not start: ${error.message}`;
	});
