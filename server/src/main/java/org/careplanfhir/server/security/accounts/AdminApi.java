package org.careplanfhir.server.security.accounts;

import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import org.careplanfhir.server.security.SecurityModes;
import org.careplanfhir.server.security.SecurityProperties.Client;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The administrators' path to accounts and registered apps while the server runs:
 * {@code /admin/users} and {@code /admin/clients}, HTTP Basic with an administrator account.
 */
@RestController
@ConditionalOnExpression(SecurityModes.EMBEDDED)
@RequestMapping("/admin")
public class AdminApi {

	private final UserAccounts users;

	private final ClientRegistrations clients;

	public AdminApi(UserAccounts users, ClientRegistrations clients) {
		this.users = users;
		this.clients = clients;
	}

	@GetMapping("/users")
	List<UserAccounts.Account> users() {
		return users.all();
	}

	@PutMapping("/users/{username}")
	UserAccounts.Account saveUser(@PathVariable String username, @RequestBody UserRequest request) {
		if (request.password() != null && request.password().length() < 12) {
			throw new IllegalArgumentException("password: at least 12 characters");
		}
		UserAccounts.Account account = new UserAccounts.Account(username, request.fhirUser(), request.admin(),
				request.enabled() == null || request.enabled());
		users.save(account, request.password());
		return account;
	}

	@DeleteMapping("/users/{username}")
	ResponseEntity<Void> deleteUser(@PathVariable String username) {
		return users.delete(username) ? ResponseEntity.noContent().build() : ResponseEntity.notFound().build();
	}

	@GetMapping("/clients")
	List<Client> clients() {
		return clients.all();
	}

	@PutMapping("/clients/{clientId}")
	Map<String, Object> saveClient(@PathVariable String clientId, @Valid @RequestBody Client request) {
		if (!clientId.equals(request.clientId())) {
			throw new IllegalArgumentException("clientId: must equal the path's " + clientId);
		}
		var saved = clients.save(request);
		return Map.of("clientId", saved.getClientId(), "grantTypes",
				saved.getAuthorizationGrantTypes().stream().map(grant -> grant.getValue()).sorted().toList());
	}

	@DeleteMapping("/clients/{clientId}")
	ResponseEntity<Void> deleteClient(@PathVariable String clientId) {
		return clients.delete(clientId) ? ResponseEntity.noContent().build() : ResponseEntity.notFound().build();
	}

	@ExceptionHandler(IllegalArgumentException.class)
	ProblemDetail badRequest(IllegalArgumentException problem) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, problem.getMessage());
	}

	/**
	 * @param password the new password; null keeps the current one
	 * @param fhirUser e.g. {@code Practitioner/cm-1}
	 * @param admin may use this API
	 * @param enabled may log in (default true)
	 */
	record UserRequest(String password, String fhirUser, boolean admin, Boolean enabled) {
	}

}
