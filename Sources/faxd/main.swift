// faxd: the SwiftFax daemon (being built).
print("faxd")
