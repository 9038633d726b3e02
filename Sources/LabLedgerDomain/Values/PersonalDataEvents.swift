/// Where personal data sits in stored events: the events that carry a `person` part, and the
/// field naming the person it belongs to. Whoever seals `person` with the person's own key
/// (the person vault) reads this table, so a new event with a `person` part must be added here.
public enum PersonalDataEvents {
    /// Event type → the payload field holding the `PersonID` whose key seals `person`.
    public static let personField: [String: String] = [
        AdvisoryBoardMemberAppointed.eventType: "advisor",
        AgreementSigned.eventType: "signatory",
        StudentshipAwarded.eventType: "student",
        PostdocAppointed.eventType: "researcher",
        MentorAssigned.eventType: "mentor",
    ]

    /// Fields sealed with `person` when present: an ORCID iD beside a named person identifies
    /// them as surely as their name does.
    public static let sealedAlongside = ["orcid"]
}
