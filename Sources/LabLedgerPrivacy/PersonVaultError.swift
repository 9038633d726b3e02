/// Why the person vault refuses to start or to go on. Each names the setting to look at.
public enum PersonVaultError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The database records a KEK (its key-check value, or keys wrapped by it) but none was
    /// given (the file does not exist): a new KEK would open none of the keys, so none is created.
    case kekMissing(setting: String, keys: Int)
    /// The KEK given is not the one that wrapped the stored keys.
    case kekWrong(setting: String, given: String, stored: [String])
    /// The KEK given is not the one the database records (`person_kek`, its key-check value).
    case kekNotRecorded(setting: String, given: String)
    /// `person_kek` has no row right after one was recorded: someone deleted it.
    case kekRecordMissing
    /// The KEK setting holds something that is not 32 bytes of base64.
    case kekMalformed(setting: String, reason: String)
    /// A wrapped key does not open with the KEK that its row names.
    case corruptKey(person: String)
    /// A payload with a `person` part does not name its person, or its part is not an object.
    case unsealable(eventType: String, reason: String)
    /// A sealed part that does not open with its person's key: the row or the event was altered.
    case unopenable(person: String)

    public var description: String {
        switch self {
        case .kekMissing(let setting, let keys):
            "\(keys == 0 ? "This database records a key-encryption key" : "\(keys) person keys are stored, wrapped by a key-encryption key,") "
                + "but \(setting) gives none; restore the KEK (it was never in the database). Nothing was written."
        case .kekNotRecorded(let setting, let given):
            "The key-encryption key from \(setting) (id \(given)) is not the one this database records "
                + "(its key-check value in person_kek differs); give the KEK this database currently records. "
                + "No person key and no KEK record was written (a start may have migrated the schema before it was refused)."
        case .kekRecordMissing:
            "The database's record of its key-encryption key (person_kek) vanished while it was being read; it must never be deleted."
        case .kekWrong(let setting, let given, let stored):
            "The key-encryption key from \(setting) (id \(given)) did not wrap the stored person keys "
                + "(wrapped by \(stored.joined(separator: ", "))); give the right KEK. Nothing was written."
        case .kekMalformed(let setting, let reason):
            "The key-encryption key from \(setting) cannot be used: \(reason)."
        case .corruptKey(let person):
            "The stored key of person \(person) does not open with the key-encryption key; the row was altered."
        case .unsealable(let type, let reason):
            "A \(type) event's personal data cannot be sealed: \(reason)."
        case .unopenable(let person):
            "Personal data of person \(person) does not open with the person's key; the event or the key was altered."
        }
    }
}
