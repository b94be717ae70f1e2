print("faxctl")
