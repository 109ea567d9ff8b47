// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity ^0.8.24;

contract Salted {
    bytes32 public salt;
    address public deployer;

    constructor(bytes32 s) {
        salt = s;
        deployer = msg.sender;
    }

    function kill(address payable to) external {
        selfdestruct(to);
    }
}

/// CREATE2: predicted addresses, a second deployment with the same salt failing (address
/// collision), and deployments of arbitrary runtime code through a tiny init code.
contract Create2Factory {
    mapping(bytes32 => address) public deployed;
    address public lastRaw;

    event Deployed(address indexed at, bytes32 salt);

    function deploy(bytes32 salt) external returns (address a) {
        a = address(new Salted{salt: salt}(salt));
        deployed[salt] = a;
        emit Deployed(a, salt);
    }

    function tryDeploy(bytes32 salt) external returns (bool ok, address a) {
        try new Salted{salt: salt}(salt) returns (Salted s) {
            ok = true;
            a = address(s);
        } catch {
            ok = false;
        }
    }

    function predict(bytes32 salt) public view returns (address) {
        bytes32 initHash = keccak256(abi.encodePacked(type(Salted).creationCode, abi.encode(salt)));
        return address(uint160(uint256(keccak256(abi.encodePacked(bytes1(0xff), address(this), salt, initHash)))));
    }

    function deployAndCheck(bytes32 salt) external returns (bool) {
        address p = predict(salt);
        address a = address(new Salted{salt: salt}(salt));
        return a == p;
    }

    /// Init code that returns `runtime` as the new contract's code.
    function deployRaw(bytes calldata runtime, bytes32 salt, bool useCreate2) external returns (address a, uint256 size, bytes32 h) {
        bytes memory init = abi.encodePacked(
            hex"600b380380600b5f395ff3", // PUSH1 11 CODESIZE SUB DUP1 PUSH1 11 PUSH0 CODECOPY PUSH0 RETURN
            runtime
        );
        assembly {
            switch useCreate2
            case 0 { a := create(0, add(init, 32), mload(init)) }
            default { a := create2(0, add(init, 32), mload(init), salt) }
            size := extcodesize(a)
            h := extcodehash(a)
        }
        lastRaw = a;
    }
}
