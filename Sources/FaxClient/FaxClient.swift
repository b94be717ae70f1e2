// FaxClient: a client of the REST API (being built).
import FaxAPIModels
