package org.careplanfhir.server.authserver.oauth;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.careplanfhir.server.authserver.accounts.UserAccounts;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.http.HttpStatus;

/**
 * The pages a person sees during an app launch: sign-in, patient picker and consent. Server
 * rendered, labelled for screen readers, usable without JavaScript.
 */
@Controller
class SmartPages {

	private final RegisteredClientRepository clients;

	private final UserAccounts users;

	private final PatientChoices patients;

	private final LaunchContexts launches;

	SmartPages(RegisteredClientRepository clients, UserAccounts users, PatientChoices patients,
			LaunchContexts launches) {
		this.clients = clients;
		this.users = users;
		this.patients = patients;
		this.launches = launches;
	}

	@GetMapping("/login")
	String login() {
		return "login";
	}

	@GetMapping(PatientSelection.PICKER)
	String selectPatient(HttpServletRequest request, Authentication user,
			@RequestParam(name = "name", required = false) String name, Model model) {
		UserAccounts.Account account = account(user);
		model.addAttribute("client", clientName(request.getParameter("client_id")));
		model.addAttribute("authorizationRequest", withoutName(request.getQueryString()));
		model.addAttribute("patients", patients.of(account, name));
		model.addAttribute("canSearch", account.fhirUser() == null && account.admin());
		model.addAttribute("requestParameters", request.getParameterMap().entrySet().stream()
			.filter(parameter -> !"name".equals(parameter.getKey()))
			.flatMap(parameter -> Arrays.stream(parameter.getValue()).map(value -> Map.entry(parameter.getKey(), value)))
			.toList());
		return "select-patient";
	}

	@PostMapping(PatientSelection.PICKER)
	String patientSelected(Authentication user, @RequestParam("patient") String patient,
			@RequestParam("authorizationRequest") String authorizationRequest) {
		UserAccounts.Account account = account(user);
		if (!patients.allowed(account, patient)) {
			throw new ResponseStatusException(HttpStatus.FORBIDDEN, "This patient is not one you may choose");
		}
		String launch = launches.mint(patient, null, account.username(), true);
		return "redirect:/oauth2/authorize?" + authorizationRequest + "&launch=" + launch;
	}

	@GetMapping("/oauth2/consent")
	String consent(@RequestParam("client_id") String clientId, @RequestParam("scope") String scope,
			@RequestParam("state") String state, Model model) {
		model.addAttribute("clientId", clientId);
		model.addAttribute("client", clientName(clientId));
		model.addAttribute("state", state);
		List<ScopeDescriptions.Described> scopes = Arrays.stream(scope.split(" "))
			.filter(value -> !"openid".equals(value))
			.map(ScopeDescriptions::describe)
			.toList();
		model.addAttribute("scopes", scopes);
		return "consent";
	}

	private UserAccounts.Account account(Authentication user) {
		return users.find(user.getName())
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.FORBIDDEN, "Unknown account"));
	}

	private String clientName(String clientId) {
		RegisteredClient client = clientId == null ? null : clients.findByClientId(clientId);
		if (client == null) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Unknown client");
		}
		return client.getClientName();
	}

	private static String withoutName(String query) {
		return Arrays.stream(query.split("&")).filter(part -> !part.startsWith("name=")).reduce((a, b) -> a + "&" + b)
			.orElse("");
	}

}
